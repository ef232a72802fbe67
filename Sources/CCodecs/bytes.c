/* Leaf helpers: the growable byte buffers of decoders and encoders. Called by every other file; calls none of
 * them. */
#include "internal.h"

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
