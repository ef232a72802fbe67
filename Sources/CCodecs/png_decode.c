/* PNG decoding with libpng: every colour type and depth, no information lost, no gamma applied. */
#include "internal.h"

static void png_err(png_structp png, png_const_charp msg) {
    ccodecs_decoder *d = png_get_error_ptr(png);
    ccodecs_status st = CCODECS_CORRUPT;
    if (strstr(msg, "ut of memory") || strstr(msg, "nsufficient memory")) st = CCODECS_OUT_OF_MEMORY;
    else if (strstr(msg, "exceeds") || strstr(msg, "too large") || strstr(msg, "limit")) st = CCODECS_TOO_LARGE;
    /* libpng often warns with the precise cause, then fails generically ("Invalid IHDR data"): keep both. */
    if (d->png_error->warnings)
        ccodecs_fail(d->png_error, st, "PNG: %s (%s)", msg, d->png_error->first_warning + 5);
    else
        ccodecs_fail(d->png_error, st, "PNG: %s", msg);
    longjmp(d->png_jump, 1);
}

static void png_warn(png_structp png, png_const_charp msg) {
    ccodecs_decoder *d = png_get_error_ptr(png);
    char text[160];
    snprintf(text, sizeof text, "PNG: %s", msg);
    ccodecs_warn(d->png_error, text);
}

static void png_read_mem(png_structp png, png_bytep out, size_t n) {
    ccodecs_decoder *d = png_get_io_ptr(png);
    if (n > d->length - d->png_offset) png_error(png, "premature end of data (file truncated)");
    memcpy(out, d->data + d->png_offset, n);
    d->png_offset += n;
}

/* The chunks before the first IDAT (all that png_read_info reads) must fit in the bytes that remain. libpng
 * 1.6 only *warns* ("chunk data is too large", a benign error) about an ancillary chunk longer than the chunk
 * malloc limit, then allocates and zero-fills its declared length: a 1 KB file whose iTXt claims 1.9 GB made
 * the decoder allocate 1.9 GB (found by the PNG fuzzer, Fixtures/bad/itxt_length_2GB.png). Such a chunk
 * cannot be read anyway, so the file is refused as truncated before libpng sees it. */
static ccodecs_status png_check_chunks(const uint8_t *data, size_t length, ccodecs_error *error) {
    size_t at = 8;
    while (length - at >= 8) {
        uint32_t n = (uint32_t)data[at] << 24 | (uint32_t)data[at + 1] << 16 | (uint32_t)data[at + 2] << 8 | data[at + 3];
        const uint8_t *type = data + at + 4;
        if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0) return CCODECS_OK;
        size_t left = length - at - 8;
        if (n > 0x7fffffffu || (size_t)n > left) {
            char name[5];
            for (int i = 0; i < 4; i++) name[i] = type[i] >= 0x20 && type[i] < 0x7f ? (char)type[i] : '?';
            name[4] = 0;
            return ccodecs_fail(error, CCODECS_CORRUPT,
                                "PNG: %s: chunk claims %u bytes but only %zu remain (file truncated or corrupt)", name,
                                n, left);
        }
        if (left - n < 4) return CCODECS_OK; /* no room for the CRC: libpng reports the truncation */
        at += 8 + (size_t)n + 4;
    }
    return CCODECS_OK;
}

ccodecs_status ccodecs_png_begin(ccodecs_decoder *d, ccodecs_error *error) {
    ccodecs_status checked = png_check_chunks(d->data, d->length, error);
    if (checked != CCODECS_OK) return checked;
    d->png_error = error;
    d->png_offset = 0;
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, d, png_err, png_warn);
    if (!d->png) return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "PNG: out of memory");
    d->png_info = png_create_info_struct(d->png);
    if (!d->png_info) {
        png_destroy_read_struct(&d->png, NULL, NULL);
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "PNG: out of memory");
    }
    if (setjmp(d->png_jump)) {
        png_destroy_read_struct(&d->png, &d->png_info, NULL);
        return (ccodecs_status)error->status;
    }
    png_set_read_fn(d->png, d, png_read_mem);
    /* Limits before any pixel allocation: dimensions, ancillary chunk count and size. */
    png_set_user_limits(d->png, 0x7fffffff, 0x7fffffff);
    png_set_chunk_cache_max(d->png, 1000);
    png_set_chunk_malloc_max(d->png, d->limits.max_chunk_bytes ? d->limits.max_chunk_bytes : 64u << 20);
    png_read_info(d->png, d->png_info);

    png_uint_32 w, h;
    int depth, color, interlace;
    png_get_IHDR(d->png, d->png_info, &w, &h, &depth, &color, &interlace, NULL, NULL);
    uint64_t pixels = (uint64_t)w * h;
    if (d->limits.max_pixels && pixels > d->limits.max_pixels) {
        png_destroy_read_struct(&d->png, &d->png_info, NULL);
        return ccodecs_fail(error, CCODECS_TOO_LARGE,
                            "PNG: %ux%u = %llu pixels is over the limit of %llu (decompression bomb?)", w, h,
                            (unsigned long long)pixels, (unsigned long long)d->limits.max_pixels);
    }
    d->info.source_color = color == PNG_COLOR_TYPE_PALETTE ? 4 : (color & PNG_COLOR_MASK_COLOR) ? 2 : 1;
    /* Expand without losing information: palette -> RGB(A), gray 1/2/4 -> 8 (scaled), tRNS -> alpha. */
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(d->png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(d->png);
    if (png_get_valid(d->png, d->png_info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(d->png);
    if (depth == 16) png_set_swap(d->png); /* native (little) endian samples */
    d->info.interlaced = interlace != PNG_INTERLACE_NONE;
    png_set_interlace_handling(d->png);
    png_read_update_info(d->png, d->png_info);

    d->info.format = CCODECS_FORMAT_PNG;
    d->info.width = w;
    d->info.height = h;
    d->info.channels = png_get_channels(d->png, d->png_info);
    d->info.bit_depth = png_get_bit_depth(d->png, d->png_info);
    if (d->info.bit_depth != 8 && d->info.bit_depth != 16) png_error(d->png, "unexpected bit depth after expansion");

    png_charp name;
    int comp;
    png_bytep profile;
    png_uint_32 plen;
    if (png_get_iCCP(d->png, d->png_info, &name, &comp, &profile, &plen) && plen) {
        if (ccodecs_bytes_reserve(&d->icc, plen)) {
            memcpy(d->icc.data, profile, plen);
            d->icc.length = plen;
        }
    }
    return CCODECS_OK;
}

ccodecs_status ccodecs_png_read(ccodecs_decoder *d, uint8_t *pixels, size_t stride, ccodecs_error *error) {
    d->png_error = error;
    if (!ccodecs_bytes_reserve(&d->scratch, sizeof(png_bytep) * d->info.height)) {
        ccodecs_png_abort(d);
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "PNG: out of memory");
    }
    png_bytep *rows = (png_bytep *)d->scratch.data;
    for (uint32_t y = 0; y < d->info.height; y++) rows[y] = pixels + (size_t)y * stride;
    if (setjmp(d->png_jump)) {
        png_destroy_read_struct(&d->png, &d->png_info, NULL);
        return (ccodecs_status)error->status;
    }
    png_read_image(d->png, rows);
    /* Trailing chunks after the image data are not read: their damage loses no pixel. */
    png_destroy_read_struct(&d->png, &d->png_info, NULL);
    return CCODECS_OK;
}

void ccodecs_png_abort(ccodecs_decoder *d) {
    if (d->png) png_destroy_read_struct(&d->png, &d->png_info, NULL);
    d->png = NULL;
    d->png_info = NULL;
}
