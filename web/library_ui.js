// library_ui.js — browser services for the interface module (linked with --js-library).
// Text entry goes through a hidden <textarea> so accents, dead keys, IME and paste
// work; copy goes out with navigator.clipboard; requests go to window.crmBridge.
mergeInto(LibraryManager.library, {
  crm_ui_post: function (textPtr) {
    window.crmBridge.fromUi(UTF8ToString(textPtr));
  },

  crm_ui_retry: function () {
    window.crmBridge.retry();
  },

  crm_ui_apply_update: function () {
    window.crmBridge.applyUpdate();
  },

  crm_ui_cancel: function (id) {
    window.crmBridge.cancelFromUi(id);
  },

  // Mirrors the router in the address bar: a new history entry, or a replaced one.
  crm_ui_set_route: function (pathPtr, push) {
    var path = UTF8ToString(pathPtr);
    if (window.location.hash === path) return;
    if (push) window.history.pushState(null, '', path); else window.history.replaceState(null, '', path);
  },

  // Tells the router the address at start and after the browser's Back / Forward.
  crm_ui_install_history: function () {
    function tell() {
      var path = window.location.hash || '';
      var len = lengthBytesUTF8(path) + 1;
      var p = _malloc(len);
      stringToUTF8(path, p, len);
      Module['_crm_ui_route'](p);
      _free(p);
    }
    window.addEventListener('popstate', tell);
    tell();
  },

  // Opens a mailto:, sms: or tel: link the way a click on it would.
  crm_ui_open_url: function (urlPtr) {
    var url = UTF8ToString(urlPtr);
    window.crmLastUrl = url;
    var a = document.createElement('a');
    a.href = url;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },

  // Hands the user a file (a letter's PDF, an .eml) as a download (web/page.js).
  crm_ui_save_file: function (namePtr, mimePtr, data, size) {
    window.crmFiles.save(UTF8ToString(namePtr), HEAPU8.slice(data, data + size), UTF8ToString(mimePtr));
  },

  // Asks for a file (web/page.js); its bytes go to _crm_ui_file once read.
  crm_ui_pick_file: function (acceptPtr) {
    window.crmFiles.pick(UTF8ToString(acceptPtr), 'crm-file-input', function (file) {
      file.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        var data = _malloc(bytes.length + 1);
        HEAPU8.set(bytes, data);
        var len = lengthBytesUTF8(file.name) + 1;
        var name = _malloc(len);
        stringToUTF8(file.name, name, len);
        Module['_crm_ui_file'](name, data, bytes.length);
        _free(name);
        _free(data);
      });
    }, function () {});
  },

  crm_ui_set_clipboard: function (textPtr) {
    var text = UTF8ToString(textPtr);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
  },

  // Installs the listeners of the hidden textarea; typed text goes to _crm_ui_text.
  crm_ui_install_text_input: function () {
    var ta = document.getElementById('crm-text');
    if (!ta) return;
    var composing = false;
    function flush() {
      if (composing || ta.value.length === 0) return;
      var text = ta.value;
      ta.value = '';
      var len = lengthBytesUTF8(text) + 1;
      var p = _malloc(len);
      stringToUTF8(text, p, len);
      Module['_crm_ui_text'](p);
      _free(p);
    }
    ta.addEventListener('compositionstart', function () { composing = true; });
    ta.addEventListener('compositionend', function () { composing = false; flush(); });
    ta.addEventListener('input', function (e) { if (!e.isComposing) flush(); });
  },

  // Focuses the textarea while a text field is active (so the keyboard, IME and
  // mobile keyboards target it) and places it at the caret for IME candidate windows.
  crm_ui_text_input_active: function (active, x, y) {
    var ta = document.getElementById('crm-text');
    if (!ta) return;
    if (active) {
      ta.style.left = x + 'px';
      ta.style.top = y + 'px';
      if (document.activeElement !== ta) ta.focus({ preventScroll: true });
    } else if (document.activeElement === ta) {
      ta.blur();
    }
  },
});
