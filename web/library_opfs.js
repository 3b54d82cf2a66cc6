// library_opfs.js — JavaScript side of web/opfs_vfs.c (linked with --js-library).
// Module.opfsHandles maps a file name to an open FileSystemSyncAccessHandle; the
// worker (web/worker.js) fills it before the module starts, and adds and removes the
// backups' handles around the storage.* commands. Module.opfsQuota (tests only, set
// through the worker): a write reaching past that many bytes of a file is refused as
// the browser refuses one over its quota.
// Also the JavaScript side of web/opfs_files.cpp (crm_files_*): whole files copied and
// written through those handles.
mergeInto(LibraryManager.library, {
  $crmOpfs: {
    byId: [],
    idByName: {},
  },

  crm_opfs_handle__deps: ['$crmOpfs'],
  crm_opfs_handle: function (namePtr) {
    var name = UTF8ToString(namePtr);
    var handles = Module['opfsHandles'] || {};
    if (!(name in handles)) return -1;
    // A handle the worker opened again under that name (a backup's) gets a new id.
    if (name in crmOpfs.idByName && crmOpfs.byId[crmOpfs.idByName[name]] === handles[name]) return crmOpfs.idByName[name];
    var id = crmOpfs.byId.length;
    crmOpfs.byId.push(handles[name]);
    crmOpfs.idByName[name] = id;
    return id;
  },

  crm_opfs_read__deps: ['$crmOpfs'],
  crm_opfs_read: function (id, buf, n, offset) {
    try {
      return crmOpfs.byId[id].read(HEAPU8.subarray(buf, buf + n), { at: offset });
    } catch (e) {
      err('opfs read failed: ' + e);
      return -1;
    }
  },

  crm_opfs_write__deps: ['$crmOpfs'],
  crm_opfs_write: function (id, buf, n, offset) {
    var quota = Module['opfsQuota'];
    if (quota !== undefined && quota !== null && offset + n > quota) return -2;
    try {
      return crmOpfs.byId[id].write(HEAPU8.subarray(buf, buf + n), { at: offset });
    } catch (e) {
      if (e && e.name === 'QuotaExceededError') return -2;
      err('opfs write failed: ' + e);
      return -1;
    }
  },

  crm_opfs_truncate__deps: ['$crmOpfs'],
  crm_opfs_truncate: function (id, size) {
    try {
      crmOpfs.byId[id].truncate(size);
      return 0;
    } catch (e) {
      err('opfs truncate failed: ' + e);
      return -1;
    }
  },

  crm_opfs_flush__deps: ['$crmOpfs'],
  crm_opfs_flush: function (id) {
    try {
      crmOpfs.byId[id].flush();
      return 0;
    } catch (e) {
      err('opfs flush failed: ' + e);
      return -1;
    }
  },

  crm_opfs_size__deps: ['$crmOpfs'],
  crm_opfs_size: function (id) {
    try {
      return crmOpfs.byId[id].getSize();
    } catch (e) {
      err('opfs getSize failed: ' + e);
      return -1;
    }
  },

  // ---- whole files (web/opfs_files.cpp) ----
  $crmFiles: {
    chunk: 1 << 20,
    handle: function (key) {
      var handles = Module['opfsHandles'] || {};
      return handles[key] || null;
    },
    // -2 for the browser's quota (or the test quota), -1 for another failure.
    failure: function (e, what) {
      if (e && e.name === 'QuotaExceededError') return -2;
      err('opfs ' + what + ' failed: ' + e);
      return -1;
    },
    overQuota: function (bytes) {
      var quota = Module['opfsQuota'];
      return quota !== undefined && quota !== null && bytes > quota;
    },
  },

  crm_files_has__deps: ['$crmFiles'],
  crm_files_has: function (keyPtr) {
    return crmFiles.handle(UTF8ToString(keyPtr)) ? 1 : 0;
  },

  crm_files_copy__deps: ['$crmFiles'],
  crm_files_copy: function (fromPtr, toPtr) {
    var from = crmFiles.handle(UTF8ToString(fromPtr));
    var to = crmFiles.handle(UTF8ToString(toPtr));
    if (!from || !to) return -3;
    try {
      var size = from.getSize();
      if (crmFiles.overQuota(size)) return -2;
      var buf = new Uint8Array(Math.min(crmFiles.chunk, Math.max(size, 1)));
      to.truncate(0);
      for (var at = 0; at < size; at += crmFiles.chunk) {
        var n = from.read(buf.subarray(0, Math.min(crmFiles.chunk, size - at)), { at: at });
        to.write(buf.subarray(0, n), { at: at });
      }
      to.flush();
      return size;
    } catch (e) {
      try { to.truncate(0); } catch (ignored) { /* the failure is reported */ }
      return crmFiles.failure(e, 'copy');
    }
  },

  crm_files_write__deps: ['$crmFiles'],
  crm_files_write: function (keyPtr, bytes, n) {
    var to = crmFiles.handle(UTF8ToString(keyPtr));
    if (!to) return -3;
    try {
      to.truncate(0);
      to.write(HEAPU8.subarray(bytes, bytes + n), { at: 0 });
      to.flush();
      return n;
    } catch (e) {
      return crmFiles.failure(e, 'write');
    }
  },

  // The file's bytes, kept in Module.crmExported for the worker to send with the reply.
  crm_files_export__deps: ['$crmFiles'],
  crm_files_export: function (fromPtr) {
    var from = crmFiles.handle(UTF8ToString(fromPtr));
    if (!from) return -3;
    try {
      var bytes = new Uint8Array(from.getSize());
      from.read(bytes, { at: 0 });
      Module['crmExported'] = bytes.buffer;
      return bytes.length;
    } catch (e) {
      return crmFiles.failure(e, 'export');
    }
  },
});
