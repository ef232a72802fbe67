/* Lossless JPEG transforms in the DCT domain with libjpeg-turbo's TurboJPEG API (tjTransform, as jpegtran): the
 * coefficients are moved, never decoded to pixels nor quantised again. TurboJPEG keeps its setjmp inside
 * tjTransform and reports a failure as -1 and a message, which become a status and a message here. */
#include "internal.h"

#include <turbojpeg.h>

struct ccodecs_transformer {
    tjhandle tj;
    ccodecs_bytes input;       /* the loaded JPEG, reused */
    ccodecs_jpeg_header header;
    int loaded;
    unsigned char *result;     /* TurboJPEG's output buffer (tjFree), valid until the next apply or free */
};

#define SAME(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME(CCODECS_XFORM_NONE, TJXOP_NONE) && SAME(CCODECS_XFORM_HFLIP, TJXOP_HFLIP) &&
                   SAME(CCODECS_XFORM_VFLIP, TJXOP_VFLIP) && SAME(CCODECS_XFORM_TRANSPOSE, TJXOP_TRANSPOSE) &&
                   SAME(CCODECS_XFORM_TRANSVERSE, TJXOP_TRANSVERSE) && SAME(CCODECS_XFORM_ROT90_CW, TJXOP_ROT90) &&
                   SAME(CCODECS_XFORM_ROT180, TJXOP_ROT180) && SAME(CCODECS_XFORM_ROT270_CW, TJXOP_ROT270),
               "ccodecs_xform follows TJXOP");
#undef SAME

ccodecs_transformer *ccodecs_transformer_new(void) {
    ccodecs_transformer *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->tj = tjInitTransform();
    if (!t->tj) {
        free(t);
        return NULL;
    }
    return t;
}

void ccodecs_transformer_free(ccodecs_transformer *t) {
    if (!t) return;
    if (t->result) tjFree(t->result);
    if (t->tj) tjDestroy(t->tj);
    ccodecs_bytes_free(&t->input);
    free(t);
}

static ccodecs_status loaded(ccodecs_transformer *t, ccodecs_limits limits, ccodecs_jpeg_header *header,
                             ccodecs_error *error) {
    if (ccodecs_sniff(t->input.data, t->input.length) != CCODECS_FORMAT_JPEG)
        return ccodecs_fail(error, CCODECS_UNSUPPORTED, "not a JPEG file");
    ccodecs_status st = ccodecs_jpeg_read_header(t->input.data, t->input.length, limits, &t->header, error);
    if (st != CCODECS_OK) return st;
    t->loaded = 1;
    *header = t->header;
    return CCODECS_OK;
}

ccodecs_status ccodecs_transformer_load_file(ccodecs_transformer *t, const char *path, ccodecs_limits limits,
                                             ccodecs_jpeg_header *header, ccodecs_error *error) {
    ccodecs_clear(error);
    t->loaded = 0;
    ccodecs_status st = ccodecs_bytes_read_file(&t->input, path, error);
    if (st != CCODECS_OK) return st;
    return loaded(t, limits, header, error);
}

ccodecs_status ccodecs_transformer_load(ccodecs_transformer *t, const uint8_t *data, size_t length,
                                        ccodecs_limits limits, ccodecs_jpeg_header *header, ccodecs_error *error) {
    ccodecs_clear(error);
    t->loaded = 0;
    t->input.length = 0;
    if (!ccodecs_bytes_reserve(&t->input, length ? length : 1))
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "out of memory copying %zu bytes", length);
    if (length) memcpy(t->input.data, data, length);
    t->input.length = length;
    return loaded(t, limits, header, error);
}

ccodecs_status ccodecs_transformer_apply(ccodecs_transformer *t, ccodecs_xform op, const uint8_t **out,
                                         size_t *out_length, ccodecs_error *error) {
    ccodecs_clear(error);
    *out = NULL;
    *out_length = 0;
    if (!t->loaded) return ccodecs_fail(error, CCODECS_INVALID, "apply without a successful load");
    if (op < CCODECS_XFORM_NONE || op > CCODECS_XFORM_ROT270_CW)
        return ccodecs_fail(error, CCODECS_INVALID, "unknown transform %d", (int)op);
    if (t->result) {
        tjFree(t->result);
        t->result = NULL;
    }
    /* Perfect or nothing: partial edge blocks are never trimmed (TJXOPT_TRIM) nor left in place; markers are copied
     * (no TJXOPT_COPYNONE); a progressive file stays progressive. A warning (damaged data) stops the transform. */
    tjtransform xf;
    memset(&xf, 0, sizeof xf);
    xf.op = (int)op;
    const int progressive = t->header.sof == 2 || t->header.sof == 6 || t->header.sof == 10 || t->header.sof == 14;
    xf.options = TJXOPT_PERFECT | (progressive ? TJXOPT_PROGRESSIVE : 0);
    if (!t->tj && !(t->tj = tjInitTransform()))
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "JPEG: out of memory creating a TurboJPEG transformer");
    unsigned char *dst = NULL; /* TurboJPEG allocates and grows it; ours to tjFree, even after a failure */
    unsigned long size = 0;
    int rc = tjTransform(t->tj, t->input.data, (unsigned long)t->input.length, 1, &dst, &size, &xf,
                         TJFLAG_STOPONWARNING);
    t->result = dst;
    ccodecs_status st = CCODECS_OK;
    if (rc != 0) {
        const char *why = tjGetErrorStr2(t->tj);
        st = ccodecs_fail(error, strstr(why, "not perfect") || strstr(why, "subsampling") ? CCODECS_UNSUPPORTED
                                                                                         : CCODECS_CORRUPT,
                          "JPEG: %s", why);
    }
    if (progressive) {
        /* libjpeg-turbo 2.1.5: a handle that wrote a progressive file writes the next baseline one wrong (other
         * coefficients; seen with a 4:2:0 file after a progressive one). A fresh handle after each progressive
         * output costs little; LosslessTransformTests.progressiveThenBaseline checks the sequence. */
        tjDestroy(t->tj);
        t->tj = NULL;
    }
    if (st != CCODECS_OK) return st;
    if (!dst || size < 4) return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: the transform wrote nothing");
    /* The transform folds the orientation in (or the caller ignored it): readers must not turn the pixels again. */
    ccodecs_jpeg_set_orientation_1(dst, size);
    *out = dst;
    *out_length = size;
    return CCODECS_OK;
}
