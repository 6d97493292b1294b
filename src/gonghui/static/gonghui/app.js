// Page behaviour shared by every screen: confirmation modal and readable htmx errors.
(function () {
  "use strict";

  function confirmModal(question, onConfirm) {
    var el = document.getElementById("confirm-modal");
    if (!el || !window.bootstrap) {
      if (window.confirm(question)) onConfirm();
      return;
    }
    document.getElementById("confirm-modal-body").textContent = question;
    var modal = bootstrap.Modal.getOrCreateInstance(el);
    var ok = document.getElementById("confirm-modal-ok");
    var fresh = ok.cloneNode(true); // drop the previous click handler
    ok.parentNode.replaceChild(fresh, ok);
    fresh.addEventListener("click", function () {
      modal.hide();
      onConfirm();
    });
    modal.show();
  }

  // <form data-confirm="确定要……吗？"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed) return;
    event.preventDefault();
    var submitter = event.submitter;
    confirmModal(form.dataset.confirm, function () {
      form.dataset.confirmed = "1";
      if (submitter && submitter.name) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.appendChild(hidden);
      }
      form.submit();
    });
  });

  // hx-confirm="…" uses the same modal instead of the browser's confirm().
  document.addEventListener("htmx:confirm", function (event) {
    if (!event.detail.question) return;
    event.preventDefault();
    confirmModal(event.detail.question, function () {
      event.detail.issueRequest(true);
    });
  });

  // Filter forms: leave empty fields out of the query string (and the pushed URL).
  document.addEventListener("htmx:configRequest", function (event) {
    var fd = event.detail.formData;
    if (event.detail.verb !== "get" || !fd || !event.detail.elt.classList.contains("gh-filters")) return;
    Array.from(new Set(fd.keys())).forEach(function (key) {
      if (fd.getAll(key).every(function (v) { return v === ""; })) fd.delete(key);
    });
  });

  // htmx does not swap 4xx/5xx responses: show their (Chinese) message instead.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0
      ? xhr.responseText : "操作失败（" + xhr.status + "），请刷新页面后重试";
    var box = document.getElementById("messages");
    if (!box) { window.alert(text); return; }
    var div = document.createElement("div");
    div.className = "alert alert-danger alert-dismissible fade show";
    div.setAttribute("role", "alert");
    div.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    div.appendChild(close);
    box.appendChild(div);
  });
  document.addEventListener("htmx:sendError", function () {
    window.alert("网络连接失败，请检查网络后重试");
  });
})();
