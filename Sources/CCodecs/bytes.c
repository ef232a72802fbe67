/* Leaf helpers: the growable byte buffers of decoders, encoders and transformers, and reading a whole file into
 * one. Called by every other file; calls none of them but errors.c. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int ccodecs_bytes_reserve(ccodecs_bytes *b, size_t capacity) {
    if (b->capacity >= capacity) return 1;
    size_t want = b->capacity ? b->capacity : 4096;
    while (want < capacity) want = want > SIZE_MAX / 2 ? capacity : want * 2;
    uint8_t *p = realloc(b->data, want);
    if (!p) return 0;
    b->data = p;
    b->capacity = want;
    return 1;
}

void ccodecs_bytes_free(ccodecs_bytes *b) {
    free(b->data);
    b->data = NULL;
    b->length = b->capacity = 0;
}

ccodecs_status ccodecs_bytes_read_file(ccodecs_bytes *b, const char *path, ccodecs_error *error) {
    b->length = 0;
    /* O_NONBLOCK: a FIFO named like an image must not block the open; it is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        error->sys_errno = errno;
        return ccodecs_fail(error, CCODECS_IO, "cannot open: %s", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(fd);
        error->sys_errno = S_ISDIR(st.st_mode) ? EISDIR : e;
        return ccodecs_fail(error, CCODECS_IO, "not a regular file");
    }
    /* Read to end of file, whatever the size said: a file that grows or shrinks while read is read as it is. */
    size_t got = 0;
    size_t want = (size_t)st.st_size + 1;
    for (;;) {
        if (!ccodecs_bytes_reserve(b, want)) {
            close(fd);
            return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "out of memory reading %zu bytes", want);
        }
        ssize_t r = read(fd, b->data + got, b->capacity - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            error->sys_errno = errno;
            close(fd);
            return ccodecs_fail(error, CCODECS_IO, "read error: %s", strerror(errno));
        }
        if (r == 0) break;
        got += (size_t)r;
        if (got == b->capacity) want = b->capacity * 2;
    }
    close(fd);
    b->length = got;
    return CCODECS_OK;
}
