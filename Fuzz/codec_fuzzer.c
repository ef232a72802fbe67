/* libFuzzer target for the CCodecs decode path (the code every input file goes through).
 *
 * Built twice by scripts/dev/fuzz: -DFUZZ_FORMAT=1 (PNG) and -DFUZZ_FORMAT=2 (JPEG). An input whose magic
 * bytes are not that format is rejected (return -1: not added to the corpus), so each binary spends its
 * time in one decoder and a crash file is exactly the bytes the decoder saw.
 *
 * Per input: begin (header, limits) -> allocate -> read, on a decoder that is reused across inputs (as a
 * worker reuses it; one input in four is first begun and aborted on it), then a fresh decoder is begun and
 * freed without a read; small images are re-encoded to PNG and JPEG so the encoder sees odd shapes too. A pixel limit (below; the CLI's default is
 * Pillow's 178 Mpixel) keeps the fuzzer inside its RSS limit and fast; the limit path itself is exercised.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "CCodecs.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT 1
#endif

/* PNG: 16 Mpixel. JPEG: 1 Mpixel, as libjpeg-turbo's own OSS-Fuzz targets do: a JPEG of any claimed size
 * decodes "something" from little data (libjpeg fills missing blocks), so a larger cap makes most of the
 * fuzzer's time go into decoding mostly-grey megapixels instead of exploring the parser. */
#if FUZZ_FORMAT == 2
#define FUZZ_MAX_PIXELS (1u << 20)
#else
#define FUZZ_MAX_PIXELS (16u << 20)
#endif

static ccodecs_decoder *shared_decoder;
static ccodecs_encoder *shared_encoder;

static void check(int cond) {
    if (!cond) __builtin_trap();
}

static void decode_once(ccodecs_decoder *d, const uint8_t *data, size_t size, int abort_first) {
    ccodecs_limits limits = {.max_pixels = FUZZ_MAX_PIXELS, .max_chunk_bytes = 0};
    ccodecs_info info;
    ccodecs_error err;
    memset(&info, 0xA5, sizeof info);
    ccodecs_status st = ccodecs_decoder_begin(d, data, size, limits, &info, &err);
    check(st == err.status);
    check(memchr(err.message, 0, sizeof err.message) != NULL);
    if (st != CCODECS_OK) {
        check(err.message[0] != 0); /* every failure names its cause */
        return;
    }
    /* The contract the Swift side relies on. */
    check(info.format == FUZZ_FORMAT);
    check(info.width > 0 && info.height > 0);
    check((uint64_t)info.width * info.height <= FUZZ_MAX_PIXELS);
    check(info.channels >= 1 && info.channels <= 4);
    check(info.bit_depth == 8 || info.bit_depth == 16);
    check(info.exif_orientation <= 8);
    const uint8_t *icc = ccodecs_decoder_icc(d);
    check((icc != NULL) == (info.icc_length != 0));
    if (icc) {
        volatile uint8_t sink = icc[0] ^ icc[info.icc_length - 1]; /* ASan checks the profile's extent */
        (void)sink;
    }
    if (abort_first) {
        ccodecs_decoder_abort(d);
        return;
    }
    size_t stride = (size_t)info.width * info.channels * (info.bit_depth / 8);
    size_t capacity = stride * info.height;
    uint8_t *pixels = malloc(capacity);
    if (!pixels) {
        ccodecs_decoder_abort(d);
        return;
    }
    st = ccodecs_decoder_read(d, pixels, stride, capacity, &err);
    check(st == err.status);
    if (st != CCODECS_OK) check(err.message[0] != 0);
    const uint8_t *alpha = NULL;
    uint32_t count = 0, alpha_count = 0;
    const uint8_t *palette = ccodecs_decoder_palette(d, &count, &alpha, &alpha_count);
    check((palette != NULL) == (info.indexed != 0) && (count != 0) == (info.indexed != 0));
    if (info.indexed) {
        check(info.channels == 1 && info.bit_depth == 8 && count <= 256 && alpha_count <= count);
        check((alpha != NULL) == (alpha_count != 0));
        volatile uint8_t sink = palette[3 * count - 1] ^ (alpha ? alpha[alpha_count - 1] : 0);
        (void)sink;
    }
    if (st == CCODECS_OK && info.indexed && (uint64_t)info.width * info.height <= 4096) {
        /* Written back with its palette: refused exactly when an index is beyond the palette. */
        ccodecs_options o = {.format = CCODECS_FORMAT_PNG, .png_level = 1, .png_filters = -1, .png_strategy = -1,
                             .palette_count = (uint16_t)count, .palette_alpha_count = (uint16_t)alpha_count};
        memcpy(o.palette, palette, 3 * (size_t)count);
        if (alpha_count) memcpy(o.palette_alpha, alpha, alpha_count);
        int beyond = 0;
        for (size_t i = 0; i < capacity; i++) beyond |= pixels[i] >= count;
        const uint8_t *out;
        size_t out_length;
        ccodecs_status pst = ccodecs_encode(shared_encoder, pixels, stride, info.width, info.height, 1, 8, &o, NULL,
                                            0, &out, &out_length, &err);
        check(beyond ? pst == CCODECS_INVALID : (pst == CCODECS_OK && out_length > 8));
    }
    if (st == CCODECS_OK && (uint64_t)info.width * info.height <= 4096) {
        const uint8_t *out;
        size_t out_length;
        ccodecs_options o = {.format = CCODECS_FORMAT_PNG, .png_level = 1, .png_filters = -1, .png_strategy = -1,
                             .jpeg_quality = 90, .jpeg_subsampling = 420, .jpeg_progressive = 0, .jpeg_optimize = 0};
        st = ccodecs_encode(shared_encoder, pixels, stride, info.width, info.height, info.channels, info.bit_depth,
                            &o, icc ? ccodecs_decoder_icc(d) : NULL, info.icc_length, &out, &out_length, &err);
        check(st == CCODECS_OK && out_length > 8);
        o.format = CCODECS_FORMAT_JPEG;
        o.jpeg_progressive = (int32_t)(size & 1);
        st = ccodecs_encode(shared_encoder, pixels, stride, info.width, info.height, info.channels, info.bit_depth,
                            &o, NULL, 0, &out, &out_length, &err);
        check(st == CCODECS_OK && out_length > 2);
    }
    free(pixels);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (ccodecs_sniff(data, size) != FUZZ_FORMAT) return -1;
    if (!shared_decoder) shared_decoder = ccodecs_decoder_new();
    if (!shared_encoder) shared_encoder = ccodecs_encoder_new();
    /* A private copy whose end ASan guards exactly (libFuzzer's buffer already is, but keep it explicit). */
    uint8_t *copy = malloc(size);
    memcpy(copy, data, size);
    /* Sometimes begin+abort first: the reused decoder must come back clean from an abandoned image. */
    if ((size & 3) == 0) decode_once(shared_decoder, copy, size, 1);
    /* Every other input keeps a palette PNG's indices (and writes them back with the palette). */
    ccodecs_decoder_set_keep_indices(shared_decoder, (int)((size >> 2) & 1));
    decode_once(shared_decoder, copy, size, 0);
    /* A fresh decoder freed while an image is begun (the worker's path when a job is cancelled). */
    ccodecs_decoder *fresh = ccodecs_decoder_new();
    ccodecs_limits limits = {.max_pixels = FUZZ_MAX_PIXELS, .max_chunk_bytes = 0};
    ccodecs_info info;
    ccodecs_error err;
    (void)ccodecs_decoder_begin(fresh, copy, size, limits, &info, &err);
    ccodecs_decoder_free(fresh);
    free(copy);
    return 0;
}
