/* JPEG decoding with libjpeg-turbo: straight into the caller's rows. */
#include "internal.h"

ccodecs_status ccodecs_jpeg_begin(ccodecs_decoder *d, ccodecs_error *error) {
    if (!d->jpeg_ready) {
        d->jpeg.err = &d->jpeg_err.mgr;
        ccodecs_jpeg_err_init(&d->jpeg_err.mgr);
        d->jpeg_err.error = error;
        if (setjmp(d->jpeg_err.jump)) return (ccodecs_status)error->status;
        jpeg_create_decompress(&d->jpeg);
        d->jpeg_ready = 1;
    }
    struct jpeg_decompress_struct *j = &d->jpeg;
    d->jpeg_err.error = error;
    d->jpeg_err.mgr.num_warnings = 0;
    d->jpeg_err.eof_benign = 0;
    d->jpeg_err.eof_seen = 0;
    if (setjmp(d->jpeg_err.jump)) {
        jpeg_abort_decompress(j);
        return (ccodecs_status)error->status;
    }
    jpeg_mem_src(j, d->data, (unsigned long)d->length);
    jpeg_save_markers(j, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(j, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(j, TRUE);

    uint64_t pixels = (uint64_t)j->image_width * j->image_height;
    if (j->image_width == 0 || j->image_height == 0) {
        jpeg_abort_decompress(j);
        return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: image has a zero dimension (%ux%u)", j->image_width,
                            j->image_height);
    }
    if (d->limits.max_pixels && pixels > d->limits.max_pixels) {
        jpeg_abort_decompress(j);
        return ccodecs_fail(error, CCODECS_TOO_LARGE,
                            "JPEG: %ux%u = %llu pixels is over the limit of %llu (decompression bomb?)",
                            j->image_width, j->image_height, (unsigned long long)pixels,
                            (unsigned long long)d->limits.max_pixels);
    }
    d->info.format = CCODECS_FORMAT_JPEG;
    d->info.bit_depth = 8;
    d->cmyk_adobe = 0;
    switch (j->jpeg_color_space) {
    case JCS_GRAYSCALE:
        j->out_color_space = JCS_GRAYSCALE;
        d->info.channels = 1;
        d->info.source_color = 1;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        /* Documented choice: CMYK/YCCK is converted to RGB (naive, no colour management). */
        j->out_color_space = JCS_CMYK;
        d->info.channels = 3;
        d->info.source_color = 3;
        d->cmyk_adobe = j->saw_Adobe_marker;
        break;
    default:
        j->out_color_space = JCS_RGB;
        d->info.channels = 3;
        d->info.source_color = 2;
        break;
    }
    d->info.interlaced = (uint8_t)jpeg_has_multiple_scans(j);
    jpeg_calc_output_dimensions(j);
    d->info.width = j->output_width;
    d->info.height = j->output_height;
    for (jpeg_saved_marker_ptr m = j->marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && !d->info.exif_orientation) {
            d->info.exif_orientation = (uint8_t)ccodecs_exif_orientation(m->data, m->data_length);
        }
    }
    JOCTET *icc = NULL;
    unsigned int icc_len = 0;
    if (jpeg_read_icc_profile(j, &icc, &icc_len) && icc && icc_len) {
        if (ccodecs_bytes_reserve(&d->icc, icc_len)) {
            memcpy(d->icc.data, icc, icc_len);
            d->icc.length = icc_len;
        }
    }
    free(icc);
    return CCODECS_OK;
}

ccodecs_status ccodecs_jpeg_read(ccodecs_decoder *d, uint8_t *pixels, size_t stride, ccodecs_error *error) {
    struct jpeg_decompress_struct *j = &d->jpeg;
    d->jpeg_err.error = error;
    if (setjmp(d->jpeg_err.jump)) {
        jpeg_abort_decompress(j);
        return (ccodecs_status)error->status;
    }
    /* Single Huffman scan: the scan's data is read row by row from here on, and the entropy decoder says when it
     * lacks bits (see jpeg_error.c for a missing EOI; the arithmetic decoder pads silently). */
    d->jpeg_err.eof_benign = !jpeg_has_multiple_scans(j) && !j->arith_code;
    jpeg_start_decompress(j);
    const uint32_t w = j->output_width;
    if (j->out_color_space == JCS_CMYK) {
        if (!ccodecs_bytes_reserve(&d->scratch, (size_t)w * 4)) {
            jpeg_abort_decompress(j);
            return ccodecs_fail(error, CCODECS_OUT_OF_MEMORY, "JPEG: out of memory");
        }
        JSAMPROW row = d->scratch.data;
        while (j->output_scanline < j->output_height) {
            uint8_t *out = pixels + (size_t)j->output_scanline * stride;
            jpeg_read_scanlines(j, &row, 1);
            const uint8_t *in = row;
            for (uint32_t x = 0; x < w; x++, in += 4, out += 3) {
                /* Adobe files store inverted CMYK: the value is the amount of paper left. */
                uint32_t c = in[0], m = in[1], y = in[2], k = in[3];
                if (!d->cmyk_adobe) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
                out[0] = (uint8_t)((c * k + 127) / 255);
                out[1] = (uint8_t)((m * k + 127) / 255);
                out[2] = (uint8_t)((y * k + 127) / 255);
            }
        }
    } else {
        JSAMPROW rows[16];
        while (j->output_scanline < j->output_height) {
            uint32_t n = j->output_height - j->output_scanline;
            if (n > 16) n = 16;
            for (uint32_t r = 0; r < n; r++) rows[r] = pixels + (size_t)(j->output_scanline + r) * stride;
            jpeg_read_scanlines(j, rows, n);
        }
    }
    jpeg_finish_decompress(j);
    return CCODECS_OK;
}

void ccodecs_jpeg_abort(ccodecs_decoder *d) {
    if (d->jpeg_ready) jpeg_abort_decompress(&d->jpeg);
}
