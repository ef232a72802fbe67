/* CCodecs: a thin C shim over the system libpng and libjpeg(-turbo).
 *
 * Every setjmp/longjmp and every libpng/libjpeg error path stays inside this target: each function
 * returns a status and fills a caller-owned ccodecs_error with a message naming the codec and the
 * cause ("JPEG: Premature end of JPEG file", "PNG: IHDR: CRC error"). Nothing here calls exit(),
 * abort() or prints; there is no global state, so different decoder/encoder objects may be used from
 * different threads at once (one object is used by one thread at a time).
 *
 * Decoding is two calls so that the caller owns the pixels: ccodecs_decoder_begin() reads the header,
 * checks the limits and reports the output shape; the caller allocates; ccodecs_decoder_read() decodes
 * straight into the caller's rows. Objects are reusable from one image to the next.
 */
#ifndef CCODECS_H
#define CCODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status of every call. */
typedef enum {
    CCODECS_OK = 0,
    CCODECS_UNSUPPORTED = 1,   /* not PNG/JPEG, or a feature the library does not support */
    CCODECS_CORRUPT = 2,       /* malformed or truncated data */
    CCODECS_TOO_LARGE = 3,     /* over a configured limit (pixel count, chunk size) */
    CCODECS_OUT_OF_MEMORY = 4,
    CCODECS_IO = 5,            /* the file could not be read or written */
    CCODECS_INVALID = 6        /* a caller error: bad arguments, calls out of order */
} ccodecs_status;

/** Container formats, told from magic bytes. */
typedef enum { CCODECS_FORMAT_UNKNOWN = 0, CCODECS_FORMAT_PNG = 1, CCODECS_FORMAT_JPEG = 2 } ccodecs_format;

/** Filled by every call that can fail; caller-owned. */
typedef struct {
    int32_t status;          /* a ccodecs_status */
    int32_t sys_errno;       /* errno for CCODECS_IO, else 0 */
    uint32_t warnings;       /* warnings the codec emitted (collected, never printed) */
    char message[256];       /* the cause, prefixed with the codec: "PNG: ...", "JPEG: ..." */
    char first_warning[160]; /* text of the first warning, "" if none */
} ccodecs_error;

/** Limits checked from the header before any pixel memory is allocated. */
typedef struct {
    uint64_t max_pixels;      /* width * height above this is CCODECS_TOO_LARGE; 0 = no limit */
    uint32_t max_chunk_bytes; /* libpng png_set_chunk_malloc_max; 0 = library default (8 MB) */
} ccodecs_limits;

/** The shape of a decoded image, as ccodecs_decoder_read() will write it. */
typedef struct {
    uint32_t width, height;
    uint8_t format;           /* ccodecs_format */
    uint8_t channels;         /* 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
    uint8_t bit_depth;        /* 8 or 16 (16-bit samples native-endian) */
    uint8_t exif_orientation; /* JPEG EXIF orientation 1..8, 0 when absent */
    uint8_t source_color;     /* informative: 1 gray, 2 RGB/YCbCr, 3 CMYK/YCCK (converted to RGB), 4 palette */
    uint8_t interlaced;       /* PNG Adam7 or progressive JPEG */
    uint8_t indexed;          /* the pixels are palette indices, 1 channel of 8 bits (a palette PNG read with
                               * ccodecs_decoder_set_keep_indices): ccodecs_decoder_palette has the palette */
    uint32_t icc_length;      /* bytes of the embedded ICC profile, 0 if none */
} ccodecs_info;

/** Encoder settings. */
typedef struct {
    uint8_t format;           /* ccodecs_format */
    int32_t png_level;        /* zlib level 0..9 */
    int32_t png_filters;      /* -1 = libpng's adaptive default; else a PNG_FILTER_* mask (0x08 none .. 0x80 paeth) */
    int32_t png_strategy;     /* zlib strategy (0 default, 1 filtered, 2 huffman only, 3 RLE), -1 = libpng's choice */
    int32_t jpeg_quality;     /* 1..100 */
    int32_t jpeg_subsampling; /* 444, 422 or 420 */
    int32_t jpeg_progressive; /* boolean */
    int32_t jpeg_optimize;    /* boolean: optimised Huffman tables */
    int32_t jpeg_exif_orientation; /* 1..8: write a minimal EXIF block with this orientation; 0: no EXIF */
    /* PNG palette: with palette_count > 0 the pixels are 8-bit gray palette indices, each below palette_count,
     * written as colour type 3 (PLTE, and tRNS when palette_alpha_count > 0) at the smallest bit depth that
     * holds palette_count entries (1, 2, 4 or 8, as Pillow). 0: no palette. */
    uint16_t palette_count;       /* entries, 1..256 */
    uint16_t palette_alpha_count; /* tRNS entries, 0..palette_count (the entries after them are opaque) */
    uint8_t palette[768];         /* RGB, 3 bytes an entry, palette_count entries */
    uint8_t palette_alpha[256];   /* alpha of the first palette_alpha_count entries */
} ccodecs_options;

typedef struct ccodecs_decoder ccodecs_decoder;
typedef struct ccodecs_encoder ccodecs_encoder;

/** Tells the format from the first bytes; never from a name. */
ccodecs_format ccodecs_sniff(const uint8_t *_Nullable data, size_t length);

/** A new decoder (NULL when out of memory). Free with ccodecs_decoder_free. */
ccodecs_decoder *_Nullable ccodecs_decoder_new(void);
/** Frees a decoder and everything it holds. */
void ccodecs_decoder_free(ccodecs_decoder *_Nullable decoder);

/** Reads the header of an in-memory image (the bytes must stay valid until read/abort), checks the
 *  limits and fills `info`. On error, nothing is left to clean up. */
ccodecs_status ccodecs_decoder_begin(ccodecs_decoder *_Nonnull decoder, const uint8_t *_Nonnull data, size_t length,
                                     ccodecs_limits limits, ccodecs_info *_Nonnull info, ccodecs_error *_Nonnull error);

/** Reads a whole file into the decoder's own (reused) input buffer, then as ccodecs_decoder_begin. */
ccodecs_status ccodecs_decoder_begin_file(ccodecs_decoder *_Nonnull decoder, const char *_Nonnull path,
                                          ccodecs_limits limits, ccodecs_info *_Nonnull info,
                                          ccodecs_error *_Nonnull error);

/** The ICC profile found by begin (info.icc_length bytes), valid until the next begin; NULL if none. */
const uint8_t *_Nullable ccodecs_decoder_icc(const ccodecs_decoder *_Nonnull decoder);

/** Whether the begins that follow keep a palette PNG's indices (`keep` nonzero) instead of expanding them to
 *  RGB or RGBA (0, the default). Kept, the pixels are 1 channel of 8 bits holding each pixel's palette index
 *  (1/2/4-bit indices unpacked, never scaled), info.indexed is 1, tRNS stays in the palette (not expanded to
 *  alpha) and ccodecs_decoder_palette returns the palette. Other images decode as without it. */
void ccodecs_decoder_set_keep_indices(ccodecs_decoder *_Nonnull decoder, int keep);

/** The palette of the image begun by begin when info.indexed is 1: returns its `*count` RGB entries (3 bytes
 *  each) and sets `*alpha` to the tRNS alpha of the first `*alpha_count` entries (NULL and 0 without tRNS; the
 *  entries after them are opaque). Valid until the next begin or free. Returns NULL, count 0, when the image
 *  is not indexed. */
const uint8_t *_Nullable ccodecs_decoder_palette(const ccodecs_decoder *_Nonnull decoder, uint32_t *_Nonnull count,
                                                 const uint8_t *_Nullable *_Nonnull alpha,
                                                 uint32_t *_Nonnull alpha_count);

/** Decodes the pixels begun by begin into `pixels` (row r at pixels + r * row_stride; `capacity` bytes
 *  in all). Always ends the image, successful or not. */
ccodecs_status ccodecs_decoder_read(ccodecs_decoder *_Nonnull decoder, uint8_t *_Nonnull pixels, size_t row_stride,
                                    size_t capacity, ccodecs_error *_Nonnull error);

/** Ends an image begun by begin without reading it. */
void ccodecs_decoder_abort(ccodecs_decoder *_Nonnull decoder);

/** A new encoder (NULL when out of memory). Free with ccodecs_encoder_free. */
ccodecs_encoder *_Nullable ccodecs_encoder_new(void);
/** Frees an encoder and its output buffer. */
void ccodecs_encoder_free(ccodecs_encoder *_Nullable encoder);

/** Encodes `height` rows of `width` pixels (`channels` 1..4, `bit_depth` 8 or 16, native-endian) into the
 *  encoder's output buffer; `*out` / `*out_length` stay valid until the next call or free. JPEG stores
 *  8-bit gray or RGB: alpha is dropped and 16-bit samples are reduced to 8 bits. With a palette
 *  (options->palette_count > 0) the format must be PNG and the pixels 1 channel of 8 bits, every one an index
 *  below palette_count; else CCODECS_INVALID, naming the first pixel out of range. */
ccodecs_status ccodecs_encode(ccodecs_encoder *_Nonnull encoder, const uint8_t *_Nonnull pixels, size_t row_stride,
                              uint32_t width, uint32_t height, uint8_t channels, uint8_t bit_depth,
                              const ccodecs_options *_Nonnull options, const uint8_t *_Nullable icc,
                              size_t icc_length, const uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_length,
                              ccodecs_error *_Nonnull error);

/** Supplies rows `first` ..< `first + count` of an image being encoded: row `first + r` goes to
 *  `rows + r * stride`. It must not fail (it runs between libjpeg calls, never inside one). */
typedef void (*ccodecs_row_source)(void *_Nullable context, uint32_t first, uint32_t count, uint8_t *_Nonnull rows,
                                   size_t stride);

/** As ccodecs_encode, JPEG only (no palette), 8-bit gray, RGB or RGBX (`channels` 1, 3, 4), with the rows pulled from
 *  `source` 16 at a time into the encoder's own band buffer of `row_stride` bytes per row: the whole image is
 *  never in memory, and each band is encoded while it is still in cache. */
ccodecs_status ccodecs_encode_rows(ccodecs_encoder *_Nonnull encoder, ccodecs_row_source _Nonnull source,
                                   void *_Nullable context, size_t row_stride, uint32_t width, uint32_t height,
                                   uint8_t channels, const ccodecs_options *_Nonnull options,
                                   const uint8_t *_Nullable icc, size_t icc_length,
                                   const uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_length,
                                   ccodecs_error *_Nonnull error);

/** A JPEG's frame header and EXIF orientation, read from its markers without libjpeg (nothing is decoded). */
typedef struct {
    uint32_t width, height;
    uint8_t components;       /* 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK */
    uint8_t precision;        /* bits per sample (8; 12 is not supported by the system library) */
    uint8_t sof;              /* the frame's SOFn n: 0 baseline, 1 extended, 2 progressive, 9/10 arithmetic, ... */
    uint8_t mcu_width;        /* the iMCU in pixels: 8x8 for one component, else 8 x the largest sampling factors */
    uint8_t mcu_height;
    uint8_t exif_orientation; /* 1..8 from the first APP1 EXIF block that has one, 0 when absent */
} ccodecs_jpeg_header;

/** Lossless transforms (TurboJPEG's TJXOP_*, in its order). ROT90_CW and ROT270_CW turn CLOCKWISE, unlike Pillow's
 *  ROTATE_90 (counter-clockwise): Pillow's ROTATE_90 is ROT270_CW. */
typedef enum {
    CCODECS_XFORM_NONE = 0,
    CCODECS_XFORM_HFLIP = 1,
    CCODECS_XFORM_VFLIP = 2,
    CCODECS_XFORM_TRANSPOSE = 3,
    CCODECS_XFORM_TRANSVERSE = 4,
    CCODECS_XFORM_ROT90_CW = 5,
    CCODECS_XFORM_ROT180 = 6,
    CCODECS_XFORM_ROT270_CW = 7
} ccodecs_xform;

typedef struct ccodecs_transformer ccodecs_transformer;

/** Reads a JPEG's frame header and EXIF orientation from its markers (up to the first scan), and checks the
 *  limits (max_pixels). CCODECS_CORRUPT when the markers are malformed. */
ccodecs_status ccodecs_jpeg_read_header(const uint8_t *_Nonnull data, size_t length, ccodecs_limits limits,
                                        ccodecs_jpeg_header *_Nonnull header, ccodecs_error *_Nonnull error);

/** A new lossless transformer (NULL when out of memory). Free with ccodecs_transformer_free. */
ccodecs_transformer *_Nullable ccodecs_transformer_new(void);
/** Frees a transformer, its input and its last output. */
void ccodecs_transformer_free(ccodecs_transformer *_Nullable transformer);

/** Reads a whole JPEG file into the transformer's (reused) input buffer and its header (as ccodecs_jpeg_read_header);
 *  CCODECS_UNSUPPORTED when the file is not a JPEG. Nothing is decoded. */
ccodecs_status ccodecs_transformer_load_file(ccodecs_transformer *_Nonnull transformer, const char *_Nonnull path,
                                             ccodecs_limits limits, ccodecs_jpeg_header *_Nonnull header,
                                             ccodecs_error *_Nonnull error);

/** As ccodecs_transformer_load_file, from a copy of `length` bytes at `data`. */
ccodecs_status ccodecs_transformer_load(ccodecs_transformer *_Nonnull transformer, const uint8_t *_Nullable data,
                                        size_t length, ccodecs_limits limits, ccodecs_jpeg_header *_Nonnull header,
                                        ccodecs_error *_Nonnull error);

/** Transforms the loaded JPEG losslessly (tjTransform with TJXOPT_PERFECT: the coefficients move, nothing is
 *  decoded or quantised again) into the transformer's output; `*out` / `*out_length` stay valid until the next apply
 *  or free. Every marker is kept (EXIF, ICC, comments) and an EXIF orientation is set to 1; a progressive file stays
 *  progressive, the Huffman tables are the standard ones. Fails, writing nothing, when the transform is not perfect
 *  (CCODECS_UNSUPPORTED: the image is not a whole number of MCUs along an axis that the transform moves), when
 *  TurboJPEG cannot tell the subsampling (CCODECS_UNSUPPORTED), or at any warning or error in the data
 *  (CCODECS_CORRUPT); the message is TurboJPEG's. */
ccodecs_status ccodecs_transformer_apply(ccodecs_transformer *_Nonnull transformer, ccodecs_xform op,
                                         const uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_length,
                                         ccodecs_error *_Nonnull error);

#ifdef __cplusplus
}
#endif
#endif
