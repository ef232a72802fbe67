/* JPEG encoding with libjpeg-turbo into the encoder's reusable memory buffer. */
#include "internal.h"

ccodecs_status ccodecs_jpeg_encode(ccodecs_encoder *e, const uint8_t *pixels, ccodecs_row_source source,
                                   void *context, size_t stride, uint32_t width, uint32_t height, uint8_t channels,
                                   uint8_t depth, const ccodecs_options *o, const uint8_t *icc, size_t icc_length,
                                   ccodecs_error *error) {
    if (width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION)
        return ccodecs_fail(error, CCODECS_TOO_LARGE, "JPEG: %ux%u is over JPEG's %d limit", width, height,
                            (int)JPEG_MAX_DIMENSION);
    if (!e->jpeg_ready) {
        e->jpeg.err = &e->jpeg_err.mgr;
        ccodecs_jpeg_err_init(&e->jpeg_err.mgr);
        e->jpeg_err.error = error;
        if (setjmp(e->jpeg_err.jump)) return (ccodecs_status)error->status;
        jpeg_create_compress(&e->jpeg);
        e->jpeg_ready = 1;
    }
    struct jpeg_compress_struct *j = &e->jpeg;
    e->jpeg_err.error = error;
    /* Stored gray or RGB: gray+alpha and 16-bit rows are converted one row at a time. */
    const int gray = channels <= 2;
    const int direct = depth == 8 && (channels == 1 || channels == 3 || channels == 4);
    const size_t out_row = (size_t)width * (gray ? 1 : 3);
    if (!direct && !ccodecs_bytes_reserve(&e->scratch, out_row))
        return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "JPEG: out of memory");
    /* Rows from a source: a band of 16 (an iMCU row at 4:2:0) at a time, in the encoder's strip buffer. */
    if (source && (!direct || !ccodecs_bytes_reserve(&e->strip, stride * 16)))
        return ccodecs_fail(error, direct ? CCODECS_OUT_OF_MEMORY : CCODECS_INVALID,
                            direct ? "JPEG: out of memory" : "JPEG: rows from a source must be 8-bit gray, RGB or RGBX");
    /* Start with our reusable buffer; libjpeg replaces it (malloc) if it outgrows it. */
    size_t guess = (size_t)width * height * (gray ? 1 : 3) / 2 + 65536;
    if (!ccodecs_bytes_reserve(&e->out, guess)) return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "JPEG: out of memory");
    unsigned char *volatile buf = e->out.data;
    unsigned long volatile size = (unsigned long)e->out.capacity;
    if (setjmp(e->jpeg_err.jump)) {
        jpeg_abort_compress(j);
        if (buf != e->out.data) free(buf);
        return (ccodecs_status)error->status;
    }
    jpeg_mem_dest(j, (unsigned char **)&buf, (unsigned long *)&size);
    j->image_width = width;
    j->image_height = height;
    if (gray) {
        j->input_components = 1;
        j->in_color_space = JCS_GRAYSCALE;
    } else if (direct && channels == 4) {
        j->input_components = 4;
        j->in_color_space = JCS_EXT_RGBX;
    } else {
        j->input_components = 3;
        j->in_color_space = JCS_RGB;
    }
    jpeg_set_defaults(j);
    jpeg_set_quality(j, o->jpeg_quality < 1 ? 1 : o->jpeg_quality > 100 ? 100 : o->jpeg_quality, TRUE);
    if (!gray) {
        int h = 2, v = 2; /* 4:2:0 */
        if (o->jpeg_subsampling == 444) h = v = 1;
        else if (o->jpeg_subsampling == 422) v = 1;
        j->comp_info[0].h_samp_factor = h;
        j->comp_info[0].v_samp_factor = v;
        for (int c = 1; c < 3; c++) j->comp_info[c].h_samp_factor = j->comp_info[c].v_samp_factor = 1;
    }
    j->optimize_coding = o->jpeg_optimize ? TRUE : FALSE;
    if (o->jpeg_progressive) jpeg_simple_progression(j);
    jpeg_start_compress(j, TRUE);
    if (o->jpeg_exif_orientation >= 1 && o->jpeg_exif_orientation <= 8) {
        /* "Exif\0\0", a little-endian TIFF header, IFD0 with one entry: Orientation (0x0112), SHORT, 1 value. */
        JOCTET exif[32] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2a, 0, 8, 0, 0, 0, 1, 0,
                           0x12, 0x01, 3, 0, 1, 0, 0, 0, (JOCTET)o->jpeg_exif_orientation, 0, 0, 0, 0, 0, 0, 0};
        jpeg_write_marker(j, JPEG_APP0 + 1, exif, sizeof exif);
    }
    if (icc && icc_length) jpeg_write_icc_profile(j, icc, (unsigned int)icc_length);
    if (source) {
        JSAMPROW rows[16];
        while (j->next_scanline < height) {
            uint32_t n = height - j->next_scanline;
            if (n > 16) n = 16;
            /* The source runs between libjpeg calls: a libjpeg error never unwinds through it. */
            source(context, j->next_scanline, n, e->strip.data, stride);
            for (uint32_t r = 0; r < n; r++) rows[r] = (JSAMPROW)(e->strip.data + (size_t)r * stride);
            jpeg_write_scanlines(j, rows, n);
        }
    } else if (direct) {
        JSAMPROW rows[16];
        while (j->next_scanline < height) {
            uint32_t n = height - j->next_scanline;
            if (n > 16) n = 16;
            for (uint32_t r = 0; r < n; r++) rows[r] = (JSAMPROW)(pixels + (size_t)(j->next_scanline + r) * stride);
            jpeg_write_scanlines(j, rows, n);
        }
    } else {
        const size_t bps = depth / 8;
        const size_t step = (size_t)channels * bps;
        const size_t take = gray ? 1 : 3;
        /* 16-bit native-endian: the high byte, rounded, as 8-bit. */
        while (j->next_scanline < height) {
            const uint8_t *in = pixels + (size_t)j->next_scanline * stride;
            uint8_t *out = e->scratch.data;
            for (uint32_t x = 0; x < width; x++, in += step) {
                for (size_t c = 0; c < take; c++) {
                    if (bps == 1) {
                        *out++ = in[c];
                    } else {
                        uint16_t v;
                        memcpy(&v, in + 2 * c, 2);
                        *out++ = (uint8_t)(((uint32_t)v * 255 + 32767) / 65535);
                    }
                }
            }
            JSAMPROW row = e->scratch.data;
            jpeg_write_scanlines(j, &row, 1);
        }
    }
    jpeg_finish_compress(j);
    if (buf != e->out.data) {
        /* libjpeg outgrew our buffer and allocated its own: adopt it. */
        free(e->out.data);
        e->out.data = buf;
        e->out.capacity = size;
    }
    e->out.length = size;
    return CCODECS_OK;
}
