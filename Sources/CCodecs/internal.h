/* Shared internals of the CCodecs shim (not part of the public header).
 *
 * Calls go one way: the entry points (decoder.c, encoder.c, jpeg_transform.c) dispatch to the format files
 * (png_decode.c, png_encode.c, jpeg_decode.c, jpeg_encode.c, jpeg_error.c), and every file may call the leaf helpers
 * (errors.c: ccodecs_fail/clear/warn; bytes.c: ccodecs_bytes_*; jpeg_markers.c: EXIF and frame headers), which call
 * nothing back (but jpeg_transform.c calls ccodecs_sniff). The shim reads files (the decoder's begin_file, the
 * transformer's load_file) but writes none: writing outputs is the caller's business. */
#ifndef CCODECS_INTERNAL_H
#define CCODECS_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "CCodecs.h"

/** A growable byte buffer owned by a decoder or encoder, reused across images. */
typedef struct {
    uint8_t *data;
    size_t length, capacity;
} ccodecs_bytes;

int ccodecs_bytes_reserve(ccodecs_bytes *b, size_t capacity);
void ccodecs_bytes_free(ccodecs_bytes *b);
/** Reads the whole regular file at `path` into `b` (b->length bytes); CCODECS_IO with errno and a message else. */
ccodecs_status ccodecs_bytes_read_file(ccodecs_bytes *b, const char *path, ccodecs_error *error);

/** libjpeg error manager that longjmps back into the function that owns the setjmp. */
typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    ccodecs_error *error; /* where messages and warnings go for the current call */
    int eof_benign;       /* the end of data may come before EOI (a single-scan image being read) */
    int eof_seen;         /* the data ended before EOI (libjpeg inserted one) */
} ccodecs_jpeg_err;

void ccodecs_jpeg_err_init(struct jpeg_error_mgr *mgr);

/** Fills `error` with a status and a printf-style message. Returns the status. */
ccodecs_status ccodecs_fail(ccodecs_error *error, ccodecs_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ccodecs_clear(ccodecs_error *error);
void ccodecs_warn(ccodecs_error *error, const char *text);

struct ccodecs_decoder {
    /* input */
    ccodecs_bytes file;        /* begin_file's reused input buffer */
    const uint8_t *data;
    size_t length;
    ccodecs_limits limits;
    ccodecs_info info;
    int active;                /* a begin without its read/abort */
    ccodecs_bytes icc;
    int keep_indices;          /* ccodecs_decoder_set_keep_indices: palette PNGs decode to their indices */
    uint32_t palette_count, palette_alpha_count; /* the indexed image's palette (0 when not indexed) */
    uint8_t palette[768], palette_alpha[256];
    /* JPEG: created once, reused */
    int jpeg_ready;
    struct jpeg_decompress_struct jpeg;
    ccodecs_jpeg_err jpeg_err;
    int cmyk_adobe;            /* CMYK values stored inverted (Adobe APP14) */
    ccodecs_bytes scratch;     /* one CMYK row, or row pointers */
    /* PNG: per image */
    png_structp png;
    png_infop png_info;
    size_t png_offset;         /* in the stream libpng reads: the repaired prefix, then the rest of the data */
    ccodecs_bytes png_prefix;  /* the signature and the chunks before the first IDAT, repaired (png_repair_prefix) */
    size_t png_prefix_end;     /* where the original data resumes after the prefix; 0 when nothing was repaired */
    ccodecs_error *png_error;
    jmp_buf png_jump;
};

struct ccodecs_encoder {
    ccodecs_bytes out;
    ccodecs_bytes scratch;     /* a converted row (JPEG from gray+alpha / 16-bit) */
    ccodecs_bytes strip;       /* a band of rows pulled from a row source */
    int jpeg_ready;
    struct jpeg_compress_struct jpeg;
    ccodecs_jpeg_err jpeg_err;
    ccodecs_error *png_error;
    jmp_buf png_jump;
};

ccodecs_status ccodecs_jpeg_begin(ccodecs_decoder *d, ccodecs_error *error);
ccodecs_status ccodecs_jpeg_read(ccodecs_decoder *d, uint8_t *pixels, size_t stride, ccodecs_error *error);
void ccodecs_jpeg_abort(ccodecs_decoder *d);
ccodecs_status ccodecs_png_begin(ccodecs_decoder *d, ccodecs_error *error);
ccodecs_status ccodecs_png_read(ccodecs_decoder *d, uint8_t *pixels, size_t stride, ccodecs_error *error);
void ccodecs_png_abort(ccodecs_decoder *d);

/* Rows come from `pixels`, or (when `source` is set) from `source` a band at a time (8-bit 1/3/4 channels). */
ccodecs_status ccodecs_jpeg_encode(ccodecs_encoder *e, const uint8_t *pixels, ccodecs_row_source source,
                                   void *context, size_t stride, uint32_t width, uint32_t height, uint8_t channels,
                                   uint8_t depth, const ccodecs_options *o, const uint8_t *icc, size_t icc_length,
                                   ccodecs_error *error);
ccodecs_status ccodecs_png_encode(ccodecs_encoder *e, const uint8_t *pixels, size_t stride, uint32_t width,
                                  uint32_t height, uint8_t channels, uint8_t depth, const ccodecs_options *o,
                                  const uint8_t *icc, size_t icc_length, ccodecs_error *error);

/** Reads the EXIF orientation (1..8) from an APP1 payload, 0 if absent or malformed (jpeg_markers.c). */
int ccodecs_exif_orientation(const uint8_t *app1, size_t length);
/** Sets the orientation of the first APP1 EXIF block that has a valid one (1..8) to 1, in place, in a whole JPEG
 *  file. Returns whether it found one (jpeg_markers.c). */
int ccodecs_jpeg_set_orientation_1(uint8_t *jpeg, size_t length);

#endif
