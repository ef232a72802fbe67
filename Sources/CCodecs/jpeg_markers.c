/* JPEG markers read and patched without libjpeg: the EXIF orientation (read by the decoder, set to 1 in a
 * transformed file) and the frame header (the size and the MCU that a lossless transform needs). Leaf code: calls
 * only errors.c. */
#include "internal.h"

/* Where the IFD0 Orientation entry (0x0112) of an APP1 payload ("Exif\0\0" + TIFF) keeps its value: the offset of
 * the value in `p`, its TIFF type (3 SHORT, 4 LONG) and byte order; -1 when there is none or it is malformed. */
static long exif_orientation_entry(const uint8_t *p, size_t n, int *type, int *little_endian) {
    if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0) return -1;
    const uint8_t *t = p + 6;
    size_t tn = n - 6;
    int le;
    if (t[0] == 'I' && t[1] == 'I') le = 1;
    else if (t[0] == 'M' && t[1] == 'M') le = 0;
    else return -1;
#define RD16(q) (le ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 : (uint32_t)(q)[0] << 8 | (uint32_t)(q)[1])
#define RD32(q) (le ? RD16(q) | RD16((q) + 2) << 16 : RD16(q) << 16 | RD16((q) + 2))
    if (RD16(t + 2) != 42) return -1;
    uint32_t ifd = RD32(t + 4);
    if (ifd < 8 || (size_t)ifd + 2 > tn) return -1;
    uint32_t count = RD16(t + ifd);
    for (uint32_t i = 0; i < count; i++) {
        size_t at = (size_t)ifd + 2 + (size_t)i * 12;
        if (at + 12 > tn) return -1;
        if (RD16(t + at) == 0x0112) {
            *type = (int)RD16(t + at + 2);
            *little_endian = le;
            return *type == 3 || *type == 4 ? (long)(6 + at + 8) : -1;
        }
    }
#undef RD16
#undef RD32
    return -1;
}

int ccodecs_exif_orientation(const uint8_t *p, size_t n) {
    int type = 0, le = 0;
    long at = exif_orientation_entry(p, n, &type, &le);
    if (at < 0) return 0;
    const uint8_t *v = p + at;
    uint32_t value = le ? (uint32_t)v[0] | (uint32_t)v[1] << 8 : (uint32_t)v[0] << 8 | (uint32_t)v[1];
    if (type == 4) {
        uint32_t high = le ? (uint32_t)v[2] | (uint32_t)v[3] << 8 : (uint32_t)v[2] << 8 | v[3];
        value = le ? value | high << 16 : value << 16 | high;
    }
    return value >= 1 && value <= 8 ? (int)value : 0;
}

/* Calls `visit` for each marker segment before the first SOS (SOS itself excluded): its marker code and payload
 * (after the 2-byte length). Stops when `visit` returns nonzero, at SOS or EOI, or where the data is malformed.
 * Returns what `visit` last returned, or -1 for malformed data (no SOI, a segment past the end). */
static int each_segment(uint8_t *data, size_t n, int (*visit)(void *, int, uint8_t *, size_t), void *context) {
    if (n < 4 || data[0] != 0xFF || data[1] != 0xD8) return -1;
    size_t i = 2;
    for (;;) {
        while (i < n && data[i] == 0xFF && i + 1 < n && data[i + 1] == 0xFF) i++; /* fill bytes */
        if (i + 2 > n || data[i] != 0xFF) return -1;
        int marker = data[i + 1];
        if (marker == 0xDA || marker == 0xD9) return 0;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { i += 2; continue; } /* no payload */
        if (i + 4 > n) return -1;
        size_t len = (size_t)data[i + 2] << 8 | data[i + 3];
        if (len < 2 || i + 2 + len > n) return -1;
        int r = visit(context, marker, data + i + 4, len - 2);
        if (r) return r;
        i += 2 + len;
    }
}

static int set_orientation(void *context, int marker, uint8_t *p, size_t n) {
    (void)context;
    if (marker != 0xE1 || ccodecs_exif_orientation(p, n) == 0) return 0;
    int type = 0, le = 0;
    long at = exif_orientation_entry(p, n, &type, &le);
    uint8_t *v = p + at;
    if (type == 3) { v[0] = le ? 1 : 0; v[1] = le ? 0 : 1; }
    else { v[0] = le ? 1 : 0; v[1] = 0; v[2] = 0; v[3] = le ? 0 : 1; }
    return 1;
}

int ccodecs_jpeg_set_orientation_1(uint8_t *jpeg, size_t length) {
    return each_segment(jpeg, length, set_orientation, NULL) == 1;
}

typedef struct {
    ccodecs_jpeg_header *header;
    int frames;
} header_walk;

static int read_header_segment(void *context, int marker, uint8_t *p, size_t n) {
    header_walk *w = context;
    ccodecs_jpeg_header *h = w->header;
    if (marker == 0xE1 && !h->exif_orientation) h->exif_orientation = (uint8_t)ccodecs_exif_orientation(p, n);
    /* SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (w->frames++ || n < 6) return 2;
        h->sof = (uint8_t)(marker - 0xC0);
        h->precision = p[0];
        h->height = (uint32_t)p[1] << 8 | p[2];
        h->width = (uint32_t)p[3] << 8 | p[4];
        h->components = p[5];
        if (h->components == 0 || n < 6 + 3 * (size_t)h->components) return 2;
        int hmax = 1, vmax = 1;
        for (int c = 0; c < h->components; c++) {
            int hs = p[6 + 3 * c + 1] >> 4, vs = p[6 + 3 * c + 1] & 15;
            if (hs < 1 || vs < 1) return 2;
            if (hs > hmax) hmax = hs;
            if (vs > vmax) vmax = vs;
        }
        /* libjpeg's iMCU: 8x8 blocks for one component (whatever its sampling factors say), else the blocks of
         * the largest sampling factors (transupp's jtransform_perfect_transform). */
        h->mcu_width = (uint8_t)(h->components == 1 ? 8 : 8 * hmax);
        h->mcu_height = (uint8_t)(h->components == 1 ? 8 : 8 * vmax);
    }
    return 0;
}

ccodecs_status ccodecs_jpeg_read_header(const uint8_t *data, size_t length, ccodecs_limits limits,
                                        ccodecs_jpeg_header *header, ccodecs_error *error) {
    memset(header, 0, sizeof *header);
    header_walk w = {header, 0};
    /* The walk only reads: the cast drops the const that set_orientation's walks need off. */
    int r = each_segment((uint8_t *)data, length, read_header_segment, &w);
    if (r == -1) return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: malformed marker segments before the scan");
    if (r == 2) return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: malformed frame header");
    if (w.frames == 0) return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: no frame header before the scan");
    if (header->width == 0 || header->height == 0)
        return ccodecs_fail(error, CCODECS_CORRUPT, "JPEG: image has a zero dimension (%ux%u)", header->width,
                            header->height);
    uint64_t pixels = (uint64_t)header->width * header->height;
    if (limits.max_pixels && pixels > limits.max_pixels)
        return ccodecs_fail(error, CCODECS_TOO_LARGE,
                            "JPEG: %ux%u = %llu pixels is over the limit of %llu (decompression bomb?)", header->width,
                            header->height, (unsigned long long)pixels, (unsigned long long)limits.max_pixels);
    return CCODECS_OK;
}
