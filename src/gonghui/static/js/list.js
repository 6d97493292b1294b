// List pages: batch selection (全选, 已选 N 条, confirmed batch buttons), the organization
// tree (open/close a node) and the organization picker (choose a node, search by name/pinyin).
(function () {
  "use strict";
  if (window.ghListReady) return; // the picker includes this file wherever it is used
  window.ghListReady = true;

  // ---------------------------------------------------------------- batch actions

  function batchState() {
    var rows = Array.from(document.querySelectorAll("[data-batch-row]"));
    var checked = rows.filter(function (box) { return box.checked; });
    document.querySelectorAll("[data-batch-count]").forEach(function (el) {
      el.textContent = String(checked.length);
    });
    document.querySelectorAll("[data-batch-button]").forEach(function (button) {
      button.disabled = checked.length === 0;
    });
    document.querySelectorAll("[data-batch-all]").forEach(function (all) {
      all.checked = rows.length > 0 && checked.length === rows.length;
      all.indeterminate = checked.length > 0 && checked.length < rows.length;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.hasAttribute("data-batch-all")) {
      document.querySelectorAll("[data-batch-row]").forEach(function (box) {
        box.checked = target.checked;
      });
      batchState();
    } else if (target.hasAttribute("data-batch-row")) {
      batchState();
    }
  });

  // A batch button posts the batch form to its own URL, after its confirmation when it has one
  // (app.js asks for forms carrying data-confirm and then calls form.submit()).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-batch-button]") : null;
    if (!button) return;
    var form = document.getElementById(button.getAttribute("form"));
    if (!form) return;
    form.action = button.getAttribute("formaction");
    delete form.dataset.confirmed;
    if (button.dataset.batchConfirm) {
      var count = document.querySelectorAll("[data-batch-row]:checked").length;
      form.dataset.confirm = button.dataset.batchConfirm + "（已选 " + count + " 条）";
    } else {
      delete form.dataset.confirm;
    }
  });

  document.addEventListener("htmx:afterSwap", batchState);

  // ---------------------------------------------------------------- the organization tree

  document.addEventListener("click", function (event) {
    var toggle = event.target instanceof Element ? event.target.closest(".gh-tree-toggle") : null;
    if (!toggle) return;
    var node = toggle.closest(".gh-tree-node");
    var open = !node.classList.contains("open");
    node.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // ---------------------------------------------------------------- the organization picker

  document.addEventListener("click", function (event) {
    var pick = event.target instanceof Element ? event.target.closest(".gh-orgpicker-pick") : null;
    if (!pick) return;
    var picker = pick.closest("[data-orgpicker]");
    if (!picker) return;
    var input = picker.querySelector("input[type=hidden]");
    var toggle = picker.querySelector(".gh-orgpicker-toggle");
    input.value = pick.dataset.orgId || "";
    toggle.textContent = pick.dataset.orgName || toggle.dataset.blank || "全部";
    if (window.bootstrap) window.bootstrap.Dropdown.getOrCreateInstance(toggle).hide();
    // The filter form submits on change (hx-trigger="change").
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Typing in the picker's search box must not submit the filter form around it.
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.classList.contains("gh-orgpicker-search")) {
      event.stopPropagation();
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target instanceof Element &&
        event.target.classList.contains("gh-orgpicker-search")) {
      event.preventDefault();
    }
  });
})();
