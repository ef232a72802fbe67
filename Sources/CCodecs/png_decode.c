/* PNG decoding with libpng: every colour type and depth, no information lost, no gamma applied. */
#include "internal.h"

#include <zlib.h>

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

/* libpng reads the repaired prefix (when png_repair_prefix made one), then the data from where the prefix ends. */
static void png_read_mem(png_structp png, png_bytep out, size_t n) {
    ccodecs_decoder *d = png_get_io_ptr(png);
    size_t prefix = d->png_prefix_end ? d->png_prefix.length : 0;
    size_t resume = d->png_prefix_end;
    size_t total = prefix + (d->length - resume);
    if (n > total - d->png_offset) png_error(png, "premature end of data (file truncated)");
    if (d->png_offset < prefix) {
        size_t k = prefix - d->png_offset < n ? prefix - d->png_offset : n;
        memcpy(out, d->png_prefix.data + d->png_offset, k);
        d->png_offset += k;
        out += k;
        n -= k;
    }
    if (n) memcpy(out, d->data + resume + (d->png_offset - prefix), n);
    d->png_offset += n;
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Appends a chunk (with a fresh CRC) to the repaired prefix; 0 when out of memory. */
static int prefix_append(ccodecs_bytes *b, const uint8_t *type, const uint8_t *data, uint32_t n) {
    if (!ccodecs_bytes_reserve(b, b->length + 12 + (size_t)n)) return 0;
    uint8_t *p = b->data + b->length;
    put_be32(p, n);
    memcpy(p + 4, type, 4);
    if (n) memcpy(p + 8, data, n);
    uLong crc = crc32(0L, p + 4, 4 + n);
    put_be32(p + 8 + n, (uint32_t)crc);
    b->length += 12 + (size_t)n;
    return 1;
}

/* Damage before the first IDAT that libpng refuses but that loses no pixel, and that Pillow reads past: an
 * unknown compression-method byte in IHDR (there is only deflate: read as 0), a second PLTE (dropped: the first
 * one is the palette, as in Pillow), a PLTE whose length is not a multiple of 3 (the partial entry dropped). Only
 * chunks whose CRC is right are repaired (a wrong CRC is left for libpng to refuse); each repair is a warning.
 * When something is repaired, d->png_prefix holds the signature and the repaired chunks before the first IDAT,
 * and d->png_prefix_end where the original resumes; else png_prefix_end stays 0 and the data is read as it is. */
static void png_repair_prefix(ccodecs_decoder *d, ccodecs_error *error) {
    const uint8_t *data = d->data;
    size_t length = d->length, at = 8;
    int repairs = 0, plte = 0;
    d->png_prefix_end = 0;
    d->png_prefix.length = 0;
    /* First pass: is anything to repair? Second pass (repairs > 0): build the prefix. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!repairs || !ccodecs_bytes_reserve(&d->png_prefix, at)) return;
            memcpy(d->png_prefix.data, data, 8);
            d->png_prefix.length = 8;
        }
        size_t end = at;
        at = 8;
        plte = 0;
        repairs = 0;
        while (length - at >= 12) {
            uint32_t n = be32(data + at);
            const uint8_t *type = data + at + 4;
            if (n > length - at - 12) break;
            if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0) break;
            const uint8_t *body = data + at + 8;
            int crc_ok = (uint32_t)crc32(0L, type, 4 + n) == be32(body + n);
            const uint8_t *keep = body;
            uint32_t keep_n = n;
            uint8_t ihdr[13];
            int drop = 0;
            if (crc_ok && memcmp(type, "IHDR", 4) == 0 && n == 13 && body[10] != 0) {
                if (pass == 1) {
                    char text[120];
                    snprintf(text, sizeof text, "PNG: IHDR: unknown compression method %d, read as deflate (0)", body[10]);
                    ccodecs_warn(error, text);
                }
                memcpy(ihdr, body, 13);
                ihdr[10] = 0;
                keep = ihdr;
                repairs++;
            } else if (memcmp(type, "PLTE", 4) == 0) {
                if (plte) {
                    if (pass == 1) ccodecs_warn(error, "PNG: PLTE: a second PLTE chunk, ignored");
                    drop = 1;
                    repairs++;
                } else if (crc_ok && n % 3 != 0 && n > 3) {
                    if (pass == 1) {
                        char text[120];
                        snprintf(text, sizeof text, "PNG: PLTE: length %u is not a multiple of 3, the last %u bytes ignored",
                                 n, n % 3);
                        ccodecs_warn(error, text);
                    }
                    keep_n = n - n % 3;
                    repairs++;
                }
                plte = 1;
            }
            if (pass == 1 && !drop && !prefix_append(&d->png_prefix, type, keep, keep_n)) {
                d->png_prefix.length = 0;
                return;
            }
            at += 12 + (size_t)n;
        }
        if (pass == 1 && at != end) return; /* cannot happen: the same walk twice */
    }
    d->png_prefix_end = at;
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
    png_repair_prefix(d, error);
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
    /* Damage in ancillary chunks loses no pixel: libpng's benign errors are warnings, and an ancillary chunk with
     * a wrong CRC is dropped with a warning (both libpng's defaults for reading, made explicit here). A wrong CRC
     * on a critical chunk (IHDR, PLTE, IDAT) stays an error; each warning makes the item "damaged". */
    png_set_benign_errors(d->png, 1);
    png_set_crc_action(d->png, PNG_CRC_DEFAULT, PNG_CRC_WARN_DISCARD);
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
    if (color == PNG_COLOR_TYPE_PALETTE && d->keep_indices) {
        /* The indices as they are, one byte each (1/2/4-bit unpacked, not scaled); the palette and its tRNS kept
         * aside. libpng has already dropped the PLTE entries beyond 2^depth and an invalid tRNS (warnings). */
        png_colorp plte;
        int n = 0;
        if (!png_get_PLTE(d->png, d->png_info, &plte, &n) || n < 1) png_error(d->png, "palette image without PLTE");
        for (int i = 0; i < n && i < 256; i++) {
            d->palette[3 * i] = plte[i].red;
            d->palette[3 * i + 1] = plte[i].green;
            d->palette[3 * i + 2] = plte[i].blue;
        }
        d->palette_count = (uint32_t)(n < 256 ? n : 256);
        png_bytep trans = NULL;
        int nt = 0;
        png_color_16p key;
        if (png_get_tRNS(d->png, d->png_info, &trans, &nt, &key) && trans && nt > 0) {
            if (nt > (int)d->palette_count) nt = (int)d->palette_count;
            memcpy(d->palette_alpha, trans, (size_t)nt);
            d->palette_alpha_count = (uint32_t)nt;
        }
        if (depth < 8) png_set_packing(d->png);
        d->info.indexed = 1;
    } else {
        /* Expand without losing information: palette -> RGB(A), gray 1/2/4 -> 8 (scaled), tRNS -> alpha. */
        if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(d->png);
        if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(d->png);
        if (png_get_valid(d->png, d->png_info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(d->png);
    }
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
