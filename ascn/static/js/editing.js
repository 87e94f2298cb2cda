// The session form, made like a modern editor; without this script it works as before.
// - A description textarea marked data-rich-text becomes a Trix editor (vendor/trix-*),
//   which writes HTML into a hidden input of the same name; the server sanitises it as
//   it sanitises typed HTML (programme/content.py). Attachments are refused: no uploads.
// - A <select multiple> inside [data-multi-select] becomes a searchable Tom Select
//   (vendor/tom-select-*); the original select stays in the form and is what is sent.
// The words of both widgets come from the page, in the reader's language, as JSON in
// data attributes (the content security policy allows no inline script).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  function words(el, name) {
    try {
      return JSON.parse(el.dataset[name] || "{}");
    } catch (error) {
      return {};
    }
  }

  var editorWords = document.querySelector("[data-editor-words]");
  if (window.Trix && editorWords) {
    Object.assign(window.Trix.config.lang, words(editorWords, "editorWords"));
  }
  // No files in a description: an attachment would be an upload we do not accept.
  document.addEventListener("trix-file-accept", function (event) {
    event.preventDefault();
  });
  // A picture pasted with other content arrives as an attachment too: it is taken out.
  document.addEventListener("trix-attachment-add", function (event) {
    event.attachment.remove();
  });

  if (window.Trix) {
    document.querySelectorAll("textarea[data-rich-text]").forEach(function (textarea) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = textarea.name;
      input.id = textarea.id + "-html";
      input.value = textarea.value;
      var editor = document.createElement("trix-editor");
      editor.setAttribute("input", input.id);
      editor.className = "rich-text";
      ["lang", "aria-describedby", "aria-invalid"].forEach(function (name) {
        if (textarea.hasAttribute(name)) editor.setAttribute(name, textarea.getAttribute(name));
      });
      // The field's label now names the editor.
      editor.id = textarea.id;
      textarea.id = textarea.id + "-source";
      textarea.removeAttribute("name");
      textarea.hidden = true;
      textarea.after(input, editor);
    });
  }

  if (window.TomSelect) {
    document.querySelectorAll("[data-multi-select] select[multiple]").forEach(function (select) {
      var text = words(select.closest("[data-multi-select]"), "multiSelect");
      // Tom Select moves the label to its own input; the original list, still read by
      // assistive technology, keeps its name through the label's id.
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label) {
        label.id = label.id || select.id + "-label";
        select.setAttribute("aria-labelledby", label.id);
      }
      new window.TomSelect(select, {
        plugins: { remove_button: { title: text.remove || "" } },
        maxOptions: null,
        hidePlaceholder: true,
        render: {
          no_results: function () {
            var message = document.createElement("div");
            message.className = "no-results";
            message.textContent = text.noResults || "";
            return message;
          },
        },
      });
    });
  }
});
