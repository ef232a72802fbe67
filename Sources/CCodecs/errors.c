/* Leaf helpers: filling a ccodecs_error (the status, the message, the warnings). Called by every other file;
 * calls none of them. */
#include "internal.h"

ccodecs_status ccodecs_fail(ccodecs_error *error, ccodecs_status status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error->message, sizeof error->message, fmt, ap);
    va_end(ap);
    error->status = status;
    return status;
}

void ccodecs_clear(ccodecs_error *error) {
    error->status = CCODECS_OK;
    error->sys_errno = 0;
    error->warnings = 0;
    error->message[0] = 0;
    error->first_warning[0] = 0;
}

void ccodecs_warn(ccodecs_error *error, const char *text) {
    if (error->warnings++ == 0) snprintf(error->first_warning, sizeof error->first_warning, "%s", text);
}
