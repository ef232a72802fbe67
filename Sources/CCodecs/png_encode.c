/* PNG encoding with libpng into the encoder's reusable memory buffer. */
#include "internal.h"

#include <zlib.h>

static void png_err(png_structp png, png_const_charp msg) {
    ccodecs_encoder *e = png_get_error_ptr(png);
    ccodecs_fail(e->png_error, CCODECS_INVALID, "PNG: %s", msg);
    longjmp(e->png_jump, 1);
}

static void png_warn(png_structp png, png_const_charp msg) {
    ccodecs_encoder *e = png_get_error_ptr(png);
    char text[160];
    snprintf(text, sizeof text, "PNG: %s", msg);
    ccodecs_warn(e->png_error, text);
}

static void png_write_mem(png_structp png, png_bytep data, size_t n) {
    ccodecs_encoder *e = png_get_io_ptr(png);
    if (!ccodecs_bytes_reserve(&e->out, e->out.length + n)) png_error(png, "out of memory");
    memcpy(e->out.data + e->out.length, data, n);
    e->out.length += n;
}

static void png_flush_mem(png_structp png) { (void)png; }

ccodecs_status ccodecs_png_encode(ccodecs_encoder *e, const uint8_t *pixels, size_t stride, uint32_t width,
                                  uint32_t height, uint8_t channels, uint8_t depth, const ccodecs_options *o,
                                  const uint8_t *icc, size_t icc_length, ccodecs_error *error) {
    e->png_error = error;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, e, png_err, png_warn);
    if (!png) return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "PNG: out of memory");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "PNG: out of memory");
    }
    if (setjmp(e->png_jump)) {
        png_destroy_write_struct(&png, &info);
        return (ccodecs_status)error->status;
    }
    png_set_write_fn(png, e, png_write_mem, png_flush_mem);
    static const int types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                 PNG_COLOR_TYPE_RGB_ALPHA};
    /* A palette (checked by the caller: 8-bit gray indices below palette_count) is written at the smallest depth
     * that holds its entries, as Pillow: the 8-bit indices are packed by libpng. */
    int bits = depth;
    if (o->palette_count) bits = o->palette_count <= 2 ? 1 : o->palette_count <= 4 ? 2 : o->palette_count <= 16 ? 4 : 8;
    png_set_IHDR(png, info, width, height, bits, o->palette_count ? PNG_COLOR_TYPE_PALETTE : types[channels],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (o->palette_count) {
        png_color plte[256];
        for (int i = 0; i < o->palette_count; i++) {
            plte[i].red = o->palette[3 * i];
            plte[i].green = o->palette[3 * i + 1];
            plte[i].blue = o->palette[3 * i + 2];
        }
        png_set_PLTE(png, info, plte, o->palette_count);
        if (o->palette_alpha_count)
            png_set_tRNS(png, info, o->palette_alpha, o->palette_alpha_count, NULL);
    }
    int level = o->png_level < 0 ? 6 : o->png_level > 9 ? 9 : o->png_level;
    png_set_compression_level(png, level);
    if (o->png_strategy >= 0) png_set_compression_strategy(png, o->png_strategy);
    if (o->png_filters >= 0) png_set_filter(png, PNG_FILTER_TYPE_BASE, o->png_filters);
    if (icc && icc_length) {
        /* A malformed profile from the input is dropped with a warning, not an error. */
        png_set_benign_errors(png, 1);
        png_set_iCCP(png, info, "ICC Profile", PNG_COMPRESSION_TYPE_BASE, icc, (png_uint_32)icc_length);
    }
    size_t guess = (size_t)height * stride / 2 + 1024;
    if (!ccodecs_bytes_reserve(&e->out, guess)) png_error(png, "out of memory");
    png_write_info(png, info);
    if (depth == 16) png_set_swap(png);
    if (bits < 8) png_set_packing(png);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + (size_t)y * stride));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CCODECS_OK;
}
