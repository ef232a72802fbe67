/* Tests only: a JPEG's quantised DCT coefficients through libjpeg's jpeg_read_coefficients, to compare two files
 * coefficient by coefficient (a lossless transform against jpegtran's). */
#ifndef JPEG_COEFFICIENTS_H
#define JPEG_COEFFICIENTS_H

#include <stddef.h>
#include <stdint.h>

/** Reads the coefficients of every component, component after component, block row after block row, the 64
 *  coefficients of each block in natural order; only the blocks inside each component (width_in_blocks x
 *  height_in_blocks), not the MCU padding. With `out` NULL only counts. Then the quantisation table of each
 *  component (64 values each) follows. Returns the number of values (written up to `capacity`), or -1 with
 *  `message` (200 bytes) filled. */
long jpeg_coefficients_read(const uint8_t *_Nonnull data, size_t length, int16_t *_Nullable out, size_t capacity,
                            char *_Nonnull message);

#endif
