/* libjpeg's error manager, made safe: errors longjmp back into the shim, warnings are counted. */
#include "internal.h"

static void jerr_exit(j_common_ptr cinfo) {
    ccodecs_jpeg_err *e = (ccodecs_jpeg_err *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    ccodecs_status st = CCODECS_CORRUPT;
    switch (cinfo->err->msg_code) {
    case JERR_OUT_OF_MEMORY: st = CCODECS_OUT_OF_MEMORY; break;
    case JERR_BAD_PRECISION:
    case JERR_NOT_COMPILED:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NO_ARITH_TABLE: st = CCODECS_UNSUPPORTED; break;
    default: break;
    }
    if (e->error) ccodecs_fail(e->error, st, "JPEG: %s", text);
    longjmp(e->jump, 1);
}

static void jerr_emit(j_common_ptr cinfo, int level) {
    if (level >= 0) return; /* trace messages */
    ccodecs_jpeg_err *e = (ccodecs_jpeg_err *)cinfo->err;
    cinfo->err->num_warnings++;
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    /* A truncated file is an error, as in Pillow ("image file is truncated"), not a grey fill. A single-scan file
     * whose data is complete but that ends before its EOI marker is read, with a warning: libjpeg inserts the EOI
     * at the end of data (often while it reads ahead, before the last rows), and says "premature end of data
     * segment" (JWRN_HIT_MARKER) only if the entropy decoder then lacks bits: that, after the end of data, is the
     * truncation. A multi-scan (progressive) file cannot tell a missing scan from a missing EOI: any early end is
     * an error there. */
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        if (!e->eof_benign) {
            if (e->error) ccodecs_fail(e->error, CCODECS_CORRUPT, "JPEG: premature end of data (%s)", text);
            longjmp(e->jump, 1);
        }
        e->eof_seen = 1;
        if (e->error) ccodecs_warn(e->error, "JPEG: the data ends without an EOI marker (the image data is complete)");
        return;
    }
    if (cinfo->err->msg_code == JWRN_HIT_MARKER && e->eof_seen) {
        if (e->error) ccodecs_fail(e->error, CCODECS_CORRUPT, "JPEG: premature end of data (file truncated in the scan)");
        longjmp(e->jump, 1);
    }
    if (e->error) ccodecs_warn(e->error, text);
}

static void jerr_output(j_common_ptr cinfo) { (void)cinfo; }

void ccodecs_jpeg_err_init(struct jpeg_error_mgr *mgr) {
    jpeg_std_error(mgr);
    mgr->error_exit = jerr_exit;
    mgr->emit_message = jerr_emit;
    mgr->output_message = jerr_output;
}
