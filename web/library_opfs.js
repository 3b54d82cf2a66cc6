// library_opfs.js — JavaScript side of web/opfs_vfs.c (linked with --js-library).
// Module.opfsHandles maps a file name to an open FileSystemSyncAccessHandle; the
// worker (web/worker.js) fills it before the module starts. Module.opfsQuota (tests only,
// set through the worker): a write reaching past that many bytes of a file is refused as
// the browser refuses one over its quota.
mergeInto(LibraryManager.library, {
  $crmOpfs: {
    byId: [],
    idByName: {},
  },

  crm_opfs_handle__deps: ['$crmOpfs'],
  crm_opfs_handle: function (namePtr) {
    var name = UTF8ToString(namePtr);
    if (name in crmOpfs.idByName) return crmOpfs.idByName[name];
    var handles = Module['opfsHandles'] || {};
    if (!(name in handles)) return -1;
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
});
