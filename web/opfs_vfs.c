/*
 * opfs_vfs.c — a SQLite VFS over OPFS FileSystemSyncAccessHandles (browser worker only).
 *
 * Call flow: web/worker.js takes the Web Lock for the database, opens (asynchronously)
 * a sync access handle for the main file and for its rollback journal, and hands them
 * to the module (Module.opfsHandles). This VFS maps SQLite's synchronous file calls to
 * those handles through web/library_opfs.js: xRead/xWrite/xTruncate/xSync/xFileSize ->
 * read/write/truncate/flush/getSize; xDelete truncates (the handle stays open); xAccess
 * says a file exists when it has a handle and, for a journal, a non-zero size.
 *
 * Locking is a no-op on purpose: the Web Lock already makes this worker the only
 * writer. Temporary files are in memory (SQLITE_TEMP_STORE=3), so only names with a
 * handle can be opened; anything else is SQLITE_CANTOPEN. A write refused for quota
 * becomes SQLITE_FULL, so a full disk reaches the user as a clear `storage` error.
 * Randomness, sleep and time are delegated to the default VFS.
 */
#include <sqlite3.h>
#include <string.h>

/* Implemented in web/library_opfs.js. Offsets and sizes cross as double (no BigInt). */
extern int crm_opfs_handle(const char* name);
extern int crm_opfs_read(int handle, void* buf, int n, double offset);
extern int crm_opfs_write(int handle, const void* buf, int n, double offset);
extern int crm_opfs_truncate(int handle, double size);
extern int crm_opfs_flush(int handle);
extern double crm_opfs_size(int handle);

typedef struct OpfsFile {
    sqlite3_file base;
    int handle;
} OpfsFile;

static sqlite3_vfs* g_default = 0;

static int opfsClose(sqlite3_file* f)
{
    (void)f;
    return SQLITE_OK; /* handles live as long as the worker */
}

static int opfsRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset)
{
    OpfsFile* p = (OpfsFile*)f;
    int got = crm_opfs_read(p->handle, buf, n, (double)offset);
    if (got < 0)
        return SQLITE_IOERR_READ;
    if (got < n) {
        memset((char*)buf + got, 0, (size_t)(n - got));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int opfsWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset)
{
    OpfsFile* p = (OpfsFile*)f;
    int put = crm_opfs_write(p->handle, buf, n, (double)offset);
    if (put == -2)
        return SQLITE_FULL;
    return put == n ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

static int opfsTruncate(sqlite3_file* f, sqlite3_int64 size)
{
    OpfsFile* p = (OpfsFile*)f;
    return crm_opfs_truncate(p->handle, (double)size) == 0 ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
}

static int opfsSync(sqlite3_file* f, int flags)
{
    OpfsFile* p = (OpfsFile*)f;
    (void)flags;
    return crm_opfs_flush(p->handle) == 0 ? SQLITE_OK : SQLITE_IOERR_FSYNC;
}

static int opfsFileSize(sqlite3_file* f, sqlite3_int64* size)
{
    OpfsFile* p = (OpfsFile*)f;
    double s = crm_opfs_size(p->handle);
    if (s < 0)
        return SQLITE_IOERR_FSTAT;
    *size = (sqlite3_int64)s;
    return SQLITE_OK;
}

static int opfsLock(sqlite3_file* f, int level)
{
    (void)f;
    (void)level;
    return SQLITE_OK;
}

static int opfsCheckReservedLock(sqlite3_file* f, int* out)
{
    (void)f;
    *out = 0;
    return SQLITE_OK;
}

static int opfsFileControl(sqlite3_file* f, int op, void* arg)
{
    (void)f;
    (void)op;
    (void)arg;
    return SQLITE_NOTFOUND;
}

static int opfsSectorSize(sqlite3_file* f)
{
    (void)f;
    return 4096;
}

static int opfsDeviceCharacteristics(sqlite3_file* f)
{
    (void)f;
    return SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN;
}

static const sqlite3_io_methods kOpfsMethods = {
    .iVersion = 1,
    .xClose = opfsClose,
    .xRead = opfsRead,
    .xWrite = opfsWrite,
    .xTruncate = opfsTruncate,
    .xSync = opfsSync,
    .xFileSize = opfsFileSize,
    .xLock = opfsLock,
    .xUnlock = opfsLock,
    .xCheckReservedLock = opfsCheckReservedLock,
    .xFileControl = opfsFileControl,
    .xSectorSize = opfsSectorSize,
    .xDeviceCharacteristics = opfsDeviceCharacteristics,
};

static int opfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* outFlags)
{
    OpfsFile* p = (OpfsFile*)f;
    (void)vfs;
    p->base.pMethods = 0;
    if (!name)
        return SQLITE_CANTOPEN; /* temporary files are kept in memory */
    p->handle = crm_opfs_handle(name);
    if (p->handle < 0)
        return SQLITE_CANTOPEN;
    p->base.pMethods = &kOpfsMethods;
    if (outFlags)
        *outFlags = flags;
    return SQLITE_OK;
}

static int opfsDelete(sqlite3_vfs* vfs, const char* name, int syncDir)
{
    (void)vfs;
    (void)syncDir;
    int h = crm_opfs_handle(name);
    if (h < 0)
        return SQLITE_IOERR_DELETE_NOENT;
    if (crm_opfs_truncate(h, 0) != 0 || crm_opfs_flush(h) != 0)
        return SQLITE_IOERR_DELETE;
    return SQLITE_OK;
}

static int opfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out)
{
    (void)vfs;
    (void)flags;
    int h = crm_opfs_handle(name);
    *out = h >= 0 && crm_opfs_size(h) > 0;
    return SQLITE_OK;
}

static int opfsFullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out)
{
    (void)vfs;
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}

static int opfsRandomness(sqlite3_vfs* vfs, int n, char* out)
{
    (void)vfs;
    return g_default->xRandomness(g_default, n, out);
}

static int opfsSleep(sqlite3_vfs* vfs, int us)
{
    (void)vfs;
    return g_default->xSleep(g_default, us);
}

static int opfsCurrentTime(sqlite3_vfs* vfs, double* out)
{
    (void)vfs;
    return g_default->xCurrentTime(g_default, out);
}

static int opfsGetLastError(sqlite3_vfs* vfs, int n, char* out)
{
    (void)vfs;
    (void)n;
    (void)out;
    return 0;
}

static int opfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out)
{
    (void)vfs;
    return g_default->xCurrentTimeInt64(g_default, out);
}

static sqlite3_vfs g_opfs = {
    .iVersion = 2,
    .szOsFile = sizeof(OpfsFile),
    .mxPathname = 1024,
    .zName = "opfs",
    .xOpen = opfsOpen,
    .xDelete = opfsDelete,
    .xAccess = opfsAccess,
    .xFullPathname = opfsFullPathname,
    .xRandomness = opfsRandomness,
    .xSleep = opfsSleep,
    .xCurrentTime = opfsCurrentTime,
    .xGetLastError = opfsGetLastError,
    .xCurrentTimeInt64 = opfsCurrentTimeInt64,
};

/* Registers the "opfs" VFS (not as the default). Returns a SQLite result code. */
int crm_opfs_register(void)
{
    if (g_default)
        return SQLITE_OK;
    g_default = sqlite3_vfs_find(0);
    if (!g_default)
        return SQLITE_ERROR;
    return sqlite3_vfs_register(&g_opfs, 0);
}
