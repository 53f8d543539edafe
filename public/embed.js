/*
 * optline embed: <script src="https://YOUR-OPTLINE/embed.js" data-optline-form="FORM-SLUG" async></script>
 * Puts the signup form in an iframe where the script tag is, passes the page's address and
 * referrer along (they go into the consent record), and keeps the iframe as tall as the form.
 */
(function () {
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-optline-form")) return;
  var slug = script.getAttribute("data-optline-form");
  var origin = new URL(script.src).origin;
  var src =
    origin +
    "/f/" +
    encodeURIComponent(slug) +
    "?embed=1&page=" +
    encodeURIComponent(location.href) +
    "&ref=" +
    encodeURIComponent(document.referrer || "");
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = script.getAttribute("data-title") || "SMS signup form";
  frame.style.cssText =
    "width:100%;max-width:28rem;border:0;height:420px;overflow:hidden;background:transparent";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "optline:resize" && typeof data.height === "number") {
      frame.style.height = Math.min(Math.max(data.height, 200), 2000) + "px";
    }
  });
})();
