/* The decoder entry points: format sniffing, the decoder object, reading a file, and the dispatch to the PNG and
 * JPEG files (png_decode.c, jpeg_decode.c), which call only the leaf helpers (errors.c, bytes.c). */
#include "internal.h"

ccodecs_format ccodecs_sniff(const uint8_t *data, size_t length) {
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!data) return CCODECS_FORMAT_UNKNOWN;
    if (length >= 8 && memcmp(data, png_sig, 8) == 0) return CCODECS_FORMAT_PNG;
    if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return CCODECS_FORMAT_JPEG;
    return CCODECS_FORMAT_UNKNOWN;
}

ccodecs_decoder *ccodecs_decoder_new(void) { return calloc(1, sizeof(ccodecs_decoder)); }

void ccodecs_decoder_free(ccodecs_decoder *d) {
    if (!d) return;
    ccodecs_decoder_abort(d);
    if (d->jpeg_ready) jpeg_destroy_decompress(&d->jpeg);
    ccodecs_bytes_free(&d->file);
    ccodecs_bytes_free(&d->icc);
    ccodecs_bytes_free(&d->scratch);
    ccodecs_bytes_free(&d->png_prefix);
    free(d);
}

ccodecs_status ccodecs_decoder_begin(ccodecs_decoder *d, const uint8_t *data, size_t length, ccodecs_limits limits,
                                     ccodecs_info *info, ccodecs_error *error) {
    ccodecs_clear(error);
    ccodecs_decoder_abort(d);
    memset(&d->info, 0, sizeof d->info);
    d->icc.length = 0;
    d->palette_count = 0;
    d->palette_alpha_count = 0;
    d->data = data;
    d->length = length;
    d->limits = limits;
    ccodecs_status st;
    if (length == 0) {
        st = ccodecs_fail(error, CCODECS_CORRUPT, "empty file (0 bytes)");
    } else {
        switch (ccodecs_sniff(data, length)) {
        case CCODECS_FORMAT_PNG: st = ccodecs_png_begin(d, error); break;
        case CCODECS_FORMAT_JPEG: st = ccodecs_jpeg_begin(d, error); break;
        default:
            /* The SOI marker, then damage (FF D8 00 ...): a damaged JPEG, which libjpeg reads past (with a warning
             * about the extraneous bytes) or refuses with the cause; not "not a PNG or JPEG file". */
            if (length >= 2 && data[0] == 0xFF && data[1] == 0xD8) {
                st = ccodecs_jpeg_begin(d, error);
                break;
            }
            static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            int same = 0;
            for (size_t i = 0; i < 8 && i < length; i++) same += (data[i] & 0x7f) == (sig[i] & 0x7f) || data[i] == sig[i];
            if (length >= 8 && same >= 5) {
                st = ccodecs_fail(error, CCODECS_CORRUPT,
                                  "PNG: damaged signature (%02x %02x %02x %02x %02x %02x %02x %02x; a text-mode "
                                  "transfer?)", data[0], data[1], data[2], data[3], length > 4 ? data[4] : 0,
                                  length > 5 ? data[5] : 0, length > 6 ? data[6] : 0, length > 7 ? data[7] : 0);
                break;
            }
            st = ccodecs_fail(error, CCODECS_UNSUPPORTED, "not a PNG or JPEG file (starts with %02x %02x %02x %02x)",
                              data[0], length > 1 ? data[1] : 0, length > 2 ? data[2] : 0, length > 3 ? data[3] : 0);
        }
    }
    if (st == CCODECS_OK) {
        d->active = 1;
        d->info.icc_length = (uint32_t)d->icc.length;
        *info = d->info;
    }
    return st;
}

ccodecs_status ccodecs_decoder_begin_file(ccodecs_decoder *d, const char *path, ccodecs_limits limits,
                                          ccodecs_info *info, ccodecs_error *error) {
    ccodecs_clear(error);
    ccodecs_decoder_abort(d);
    ccodecs_status read = ccodecs_bytes_read_file(&d->file, path, error);
    if (read != CCODECS_OK) return read;
    return ccodecs_decoder_begin(d, d->file.data ? d->file.data : (const uint8_t *)"", d->file.length, limits, info,
                                 error);
}

const uint8_t *ccodecs_decoder_icc(const ccodecs_decoder *d) { return d->icc.length ? d->icc.data : NULL; }

void ccodecs_decoder_set_keep_indices(ccodecs_decoder *d, int keep) { d->keep_indices = keep != 0; }

const uint8_t *ccodecs_decoder_palette(const ccodecs_decoder *d, uint32_t *count, const uint8_t **alpha,
                                       uint32_t *alpha_count) {
    *count = d->info.indexed ? d->palette_count : 0;
    *alpha_count = *count ? d->palette_alpha_count : 0;
    *alpha = *alpha_count ? d->palette_alpha : NULL;
    return *count ? d->palette : NULL;
}

ccodecs_status ccodecs_decoder_read(ccodecs_decoder *d, uint8_t *pixels, size_t stride, size_t capacity,
                                    ccodecs_error *error) {
    /* Keep the warnings that begin collected (ancillary chunks before the image data). */
    uint32_t begin_warnings = error->warnings;
    char first[sizeof error->first_warning];
    memcpy(first, error->first_warning, sizeof first);
    ccodecs_clear(error);
    error->warnings = begin_warnings;
    memcpy(error->first_warning, first, sizeof first);
    if (!d->active) return ccodecs_fail(error, CCODECS_INVALID, "read without a successful begin");
    size_t row = (size_t)d->info.width * d->info.channels * (d->info.bit_depth / 8);
    if (stride < row || capacity < stride * (d->info.height - 1) + row) {
        ccodecs_decoder_abort(d);
        return ccodecs_fail(error, CCODECS_INVALID, "pixel buffer too small for %ux%u", d->info.width, d->info.height);
    }
    ccodecs_status st = d->info.format == CCODECS_FORMAT_PNG ? ccodecs_png_read(d, pixels, stride, error)
                                                             : ccodecs_jpeg_read(d, pixels, stride, error);
    d->active = 0;
    return st;
}

void ccodecs_decoder_abort(ccodecs_decoder *d) {
    if (d->png) ccodecs_png_abort(d);
    if (d->active && d->info.format == CCODECS_FORMAT_JPEG) ccodecs_jpeg_abort(d);
    d->active = 0;
}
