/* The encoder entry points: the encoder object and the dispatch to png_encode.c and jpeg_encode.c, which call
 * only the leaf helpers (errors.c, bytes.c). */
#include "internal.h"

ccodecs_encoder *ccodecs_encoder_new(void) { return calloc(1, sizeof(ccodecs_encoder)); }

void ccodecs_encoder_free(ccodecs_encoder *e) {
    if (!e) return;
    if (e->jpeg_ready) jpeg_destroy_compress(&e->jpeg);
    ccodecs_bytes_free(&e->out);
    ccodecs_bytes_free(&e->scratch);
    ccodecs_bytes_free(&e->strip);
    free(e);
}

/* A palette encode's arguments: PNG, 8-bit gray indices, 1..256 entries, a tRNS no longer than the palette, and
 * every index below the palette's size (the PNG specification calls an index out of range an error). */
static ccodecs_status check_palette(const uint8_t *pixels, size_t stride, uint32_t width, uint32_t height,
                                    uint8_t channels, uint8_t depth, const ccodecs_options *o, ccodecs_error *error) {
    if (o->format != CCODECS_FORMAT_PNG) return ccodecs_fail(error, CCODECS_INVALID, "a palette is written as PNG only");
    if (channels != 1 || depth != 8)
        return ccodecs_fail(error, CCODECS_INVALID,
                            "a palette image is 8-bit gray indices, not %u channel%s of %u bits", channels,
                            channels == 1 ? "" : "s", depth);
    if (o->palette_count > 256)
        return ccodecs_fail(error, CCODECS_INVALID, "a palette has 1 to 256 entries, not %u", o->palette_count);
    if (o->palette_alpha_count > o->palette_count)
        return ccodecs_fail(error, CCODECS_INVALID, "%u palette alpha values for %u entries", o->palette_alpha_count,
                            o->palette_count);
    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *row = pixels + (size_t)y * stride;
        for (uint32_t x = 0; x < width; x++) {
            if (row[x] >= o->palette_count)
                return ccodecs_fail(error, CCODECS_INVALID, "palette index %u at (%u, %u) is beyond the %u entries",
                                    row[x], x, y, o->palette_count);
        }
    }
    return CCODECS_OK;
}

ccodecs_status ccodecs_encode(ccodecs_encoder *e, const uint8_t *pixels, size_t stride, uint32_t width,
                              uint32_t height, uint8_t channels, uint8_t depth, const ccodecs_options *o,
                              const uint8_t *icc, size_t icc_length, const uint8_t **out, size_t *out_length,
                              ccodecs_error *error) {
    ccodecs_clear(error);
    *out = NULL;
    *out_length = 0;
    if (width == 0 || height == 0 || channels < 1 || channels > 4 || (depth != 8 && depth != 16))
        return ccodecs_fail(error, CCODECS_INVALID, "cannot encode a %ux%u image with %u channels of %u bits", width,
                            height, channels, depth);
    if (stride < (size_t)width * channels * (depth / 8))
        return ccodecs_fail(error, CCODECS_INVALID, "row stride %zu too small", stride);
    if (o->palette_count) {
        ccodecs_status checked = check_palette(pixels, stride, width, height, channels, depth, o, error);
        if (checked != CCODECS_OK) return checked;
    }
    e->out.length = 0;
    ccodecs_status st;
    switch (o->format) {
    case CCODECS_FORMAT_PNG:
        st = ccodecs_png_encode(e, pixels, stride, width, height, channels, depth, o, icc, icc_length, error);
        break;
    case CCODECS_FORMAT_JPEG:
        st = ccodecs_jpeg_encode(e, pixels, NULL, NULL, stride, width, height, channels, depth, o, icc, icc_length,
                                 error);
        break;
    default: st = ccodecs_fail(error, CCODECS_INVALID, "unknown output format %u", o->format);
    }
    if (st == CCODECS_OK) {
        *out = e->out.data;
        *out_length = e->out.length;
    }
    return st;
}

ccodecs_status ccodecs_encode_rows(ccodecs_encoder *e, ccodecs_row_source source, void *context, size_t stride,
                                   uint32_t width, uint32_t height, uint8_t channels, const ccodecs_options *o,
                                   const uint8_t *icc, size_t icc_length, const uint8_t **out, size_t *out_length,
                                   ccodecs_error *error) {
    ccodecs_clear(error);
    *out = NULL;
    *out_length = 0;
    if (o->format != CCODECS_FORMAT_JPEG || o->palette_count)
        return ccodecs_fail(error, CCODECS_INVALID, "rows from a source are encoded as JPEG only (no palette)");
    if (width == 0 || height == 0 || (channels != 1 && channels != 3 && channels != 4))
        return ccodecs_fail(error, CCODECS_INVALID, "cannot encode a %ux%u image with %u channels from rows", width,
                            height, channels);
    if (stride < (size_t)width * channels)
        return ccodecs_fail(error, CCODECS_INVALID, "row stride %zu too small", stride);
    e->out.length = 0;
    ccodecs_status st = ccodecs_jpeg_encode(e, NULL, source, context, stride, width, height, channels, 8, o, icc,
                                            icc_length, error);
    if (st == CCODECS_OK) {
        *out = e->out.data;
        *out_length = e->out.length;
    }
    return st;
}
