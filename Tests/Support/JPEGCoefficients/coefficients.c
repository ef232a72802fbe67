/* Tests only: see JPEGCoefficients.h. The setjmp stays in the one function that owns the libjpeg struct. */
#include "JPEGCoefficients.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char *message;
} error_mgr;

static void error_exit(j_common_ptr cinfo) {
    error_mgr *e = (error_mgr *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    snprintf(e->message, 200, "JPEG: %s", text);
    longjmp(e->jump, 1);
}

static void output_message(j_common_ptr cinfo) { (void)cinfo; }

long jpeg_coefficients_read(const uint8_t *data, size_t length, int16_t *out, size_t capacity, char *message) {
    struct jpeg_decompress_struct j;
    error_mgr err;
    j.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = error_exit;
    err.mgr.output_message = output_message;
    err.message = message;
    message[0] = 0;
    volatile long count = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&j);
        return -1;
    }
    jpeg_create_decompress(&j);
    jpeg_mem_src(&j, data, (unsigned long)length);
    jpeg_read_header(&j, TRUE);
    jvirt_barray_ptr *arrays = jpeg_read_coefficients(&j);
    for (int c = 0; c < j.num_components; c++) {
        jpeg_component_info *comp = &j.comp_info[c];
        for (JDIMENSION by = 0; by < comp->height_in_blocks; by++) {
            JBLOCKARRAY row = (*j.mem->access_virt_barray)((j_common_ptr)&j, arrays[c], by, 1, FALSE);
            for (JDIMENSION bx = 0; bx < comp->width_in_blocks; bx++) {
                for (int k = 0; k < DCTSIZE2; k++, count++) {
                    if (out && (size_t)count < capacity) out[count] = row[0][bx][k];
                }
            }
        }
    }
    for (int c = 0; c < j.num_components; c++) {
        JQUANT_TBL *q = j.comp_info[c].quant_table;
        for (int k = 0; k < DCTSIZE2; k++, count++) {
            if (out && (size_t)count < capacity) out[count] = q ? (int16_t)q->quantval[k] : -1;
        }
    }
    jpeg_finish_decompress(&j);
    jpeg_destroy_decompress(&j);
    return count;
}
