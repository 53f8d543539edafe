// The public form's own small stylesheet, inlined in the page (no Tailwind bundle, no extra
// request). Fields are full width at every size; colours keep WCAG AA contrast.
export const PUBLIC_FORM_CSS = `
*,*::before,*::after{box-sizing:border-box}
html,body{margin:0}
body{font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;color:#0f172a;line-height:1.5;-webkit-font-smoothing:antialiased}
.olf-hosted{background:#f8fafc;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:2.5rem 1rem}
.olf-embedded{background:transparent}
.olf-hosted .olf-card{width:100%;max-width:28rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.olf-embedded .olf-card{padding:.25rem}
.olf-footer{margin-top:1rem;font-size:.75rem;color:#475569}
h1{font-size:1.25rem;line-height:1.75rem;font-weight:600;margin:0}
h1:focus{outline:none}
p{margin:0}
.olf-card>*+*,form>*+*{margin-top:1rem}
.olf-description,.olf-consent{white-space:pre-line}
.olf-description{margin-top:.25rem;color:#334155}
label{display:block;font-size:.875rem;font-weight:500;color:#1e293b}
select,input[type=tel],.olf-code{display:block;width:100%;margin-top:.25rem;border:0;border-radius:.375rem;background:#fff;padding:.5rem .75rem;font:inherit;font-size:1rem;color:inherit;box-shadow:inset 0 0 0 1px #94a3b8}
select:focus,input:focus{outline:2px solid #2f54eb;outline-offset:1px}
[aria-invalid=true]{box-shadow:inset 0 0 0 2px #dc2626}
.olf-code{max-width:12rem;text-align:center;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.125rem;letter-spacing:.2em}
input:disabled{background:#f1f5f9}
.olf-check{display:flex;align-items:flex-start;gap:.75rem}
.olf-check input{margin-top:.3rem;width:1rem;height:1rem;flex-shrink:0;accent-color:#2f54eb}
.olf-consent{font-weight:400}
.olf-hint,.olf-links{margin-top:.25rem;font-size:.8125rem;color:#475569}
.olf-strong{font-weight:500}
.olf-error{margin-top:.25rem;font-size:.875rem;font-weight:500;color:#b91c1c}
.olf-alert{border-radius:.375rem;background:#fef2f2;padding:.5rem .75rem;font-size:.875rem;color:#991b1b}
a,.olf-link-button{color:#2341c4;text-decoration:underline;font-size:.875rem;font-weight:500}
.olf-button{display:block;width:100%;border:0;border-radius:.375rem;background:#2f54eb;padding:.625rem 1rem;font:inherit;font-size:.875rem;font-weight:600;color:#fff;cursor:pointer}
.olf-button:hover{background:#2341c4}
button:disabled{opacity:.6;cursor:default}
.olf-link-button{border:0;background:none;padding:0;margin-right:1rem;font-family:inherit;cursor:pointer}
.olf-link-button:disabled{color:#475569;text-decoration:none;opacity:1}
.olf-trap{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
:focus-visible{outline:2px solid #2f54eb;outline-offset:2px}
`;
