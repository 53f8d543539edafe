/*
 * optline public form, progressive enhancement. The form works without this file: every step
 * is a plain POST answered with the page again. Here, the same POST goes through fetch and
 * the answer's <main> replaces ours (no reload), the first invalid field or the new heading
 * takes the focus, code times show in local time, the resend cooldown and the code's expiry
 * count down, and inside an iframe the height is reported to embed.js.
 */
(function () {
  var root = document.getElementById("olf-root");
  if (!root) return;
  var timer = null;

  if (window.parent !== window && window.ResizeObserver) {
    var report = function () {
      window.parent.postMessage(
        {
          type: "optline:resize",
          formId: root.getAttribute("data-form-id"),
          height: Math.ceil(document.body.getBoundingClientRect().height),
        },
        "*",
      );
    };
    new ResizeObserver(report).observe(document.body);
  }

  enhance();

  function enhance() {
    var times = root.querySelectorAll("time[data-olf-time]");
    for (var i = 0; i < times.length; i++) {
      var when = new Date(times[i].getAttribute("datetime"));
      times[i].textContent = when.toLocaleTimeString(document.documentElement.lang, {
        hour: "2-digit",
        minute: "2-digit",
      });
    }
    var form = root.querySelector("form[data-olf-form]");
    if (!form) return;
    form.addEventListener("submit", onSubmit);
    clearInterval(timer);
    if (form.hasAttribute("data-expires-at")) {
      tick(form);
      timer = setInterval(function () {
        tick(form);
      }, 1000);
    }
  }

  /** The code step: resend cooldowns and the code's expiry. */
  function tick(form) {
    var now = Date.now();
    var buttons = form.querySelectorAll("[data-resend-at]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
      var wait = Math.ceil((Date.parse(button.getAttribute("data-resend-at")) - now) / 1000);
      button.disabled = wait > 0;
      button.textContent =
        wait > 0 && i === 0
          ? button.getAttribute("data-wait-label").replace("{seconds}", wait)
          : button.getAttribute("data-label");
    }
    if (now >= Date.parse(form.getAttribute("data-expires-at"))) {
      var code = form.querySelector("input[name=code]");
      var slot = form.querySelector("[data-olf-code-error]");
      if (code && !code.disabled) {
        code.disabled = true;
        form.querySelector("button[value='']").disabled = true;
        slot.innerHTML =
          '<p id="olf-code-error" class="olf-error" role="alert" data-testid="code-error"></p>';
        slot.firstChild.textContent = form.getAttribute("data-expired-label");
      }
    }
  }

  function onSubmit(event) {
    var form = event.currentTarget;
    var submitter = event.submitter;
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    var busy = submitter && submitter.getAttribute("data-busy-label");
    if (busy) submitter.textContent = busy;
    else if (submitter && form.getAttribute("data-sending-label"))
      submitter.textContent = form.getAttribute("data-sending-label");
    fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "omit" })
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, "text/html");
        var main = next.getElementById("olf-root");
        if (!main) throw new Error("no form in the answer");
        clearInterval(timer);
        root.innerHTML = main.innerHTML;
        root.setAttribute("data-state", main.getAttribute("data-state"));
        document.title = next.title;
        enhance();
        var focus = root.querySelector("[autofocus]") || root.querySelector("h1");
        if (focus) focus.focus();
      })
      .catch(function () {
        // Offline or a broken answer: let the browser post the form itself.
        HTMLFormElement.prototype.submit.call(form);
      });
  }
})();
