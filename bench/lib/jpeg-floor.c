/* The decoder's floor for `npm run bench -- triage`: libjpeg-turbo alone, in a tight loop over
 * JPEGs held in memory, no image library around it (what `djpeg -scale 1/8 -grayscale` does,
 * without a process per file or an output file). Modes:
 *   coefficients  entropy decoding only (jpeg_read_coefficients: no IDCT, no colour)
 *   grey8         DCT-scaled 1/8, greyscale output (the Y plane: no chroma, no colour conversion)
 *   rgb<N>        DCT-scaled 1/N (1, 2, 4, 8), RGB output
 *   min<S>        RGB output at the largest of 1/8, 1/4, 1/2 that keeps the shorter side >= S
 *                 (the scale triage's reduced decode picks, decode.ts dctShrink)
 * Usage: jpeg-floor MODE REPS FILE...; prints one JSON object with photos per CPU-second.
 * Build: cc -O2 -o jpeg-floor jpeg-floor.c -ljpeg */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <time.h>
#include <jpeglib.h>

struct fail { struct jpeg_error_mgr pub; jmp_buf jump; };

static void on_error(j_common_ptr c) { longjmp(((struct fail *)c->err)->jump, 1); }
static void on_message(j_common_ptr c, int level) { (void)c; (void)level; }

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* Decodes one JPEG; returns 0 on success. */
static int decode(const unsigned char *data, unsigned long size, const char *mode, unsigned char **row, size_t *rowSize) {
  struct jpeg_decompress_struct d;
  struct fail err;
  d.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  if (setjmp(err.jump)) { jpeg_destroy_decompress(&d); return 1; }
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, data, size);
  jpeg_read_header(&d, TRUE);
  if (strcmp(mode, "coefficients") == 0) {
    jpeg_read_coefficients(&d);
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    return 0;
  }
  d.scale_num = 1;
  if (strcmp(mode, "grey8") == 0) {
    d.scale_denom = 8;
    if (d.jpeg_color_space == JCS_YCbCr || d.jpeg_color_space == JCS_GRAYSCALE) d.out_color_space = JCS_GRAYSCALE;
  } else if (strncmp(mode, "min", 3) == 0) {
    unsigned minSide = (unsigned)atoi(mode + 3), shorter = d.image_width < d.image_height ? d.image_width : d.image_height;
    d.scale_denom = shorter / 8 >= minSide ? 8 : shorter / 4 >= minSide ? 4 : shorter / 2 >= minSide ? 2 : 1;
    if (d.jpeg_color_space != JCS_CMYK && d.jpeg_color_space != JCS_YCCK) d.out_color_space = JCS_RGB;
  } else {
    d.scale_denom = (unsigned)atoi(mode + 3);
    if (d.jpeg_color_space != JCS_CMYK && d.jpeg_color_space != JCS_YCCK) d.out_color_space = JCS_RGB;
  }
  jpeg_start_decompress(&d);
  size_t need = (size_t)d.output_width * d.output_components;
  if (need > *rowSize) { *row = realloc(*row, need); *rowSize = need; }
  while (d.output_scanline < d.output_height) {
    JSAMPROW r = *row;
    jpeg_read_scanlines(&d, &r, 1);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: jpeg-floor MODE REPS FILE...\n"); return 2; }
  const char *mode = argv[1];
  int reps = atoi(argv[2]);
  int n = argc - 3;
  unsigned char **data = calloc(n, sizeof *data);
  unsigned long *size = calloc(n, sizeof *size);
  for (int i = 0; i < n; i++) {
    FILE *f = fopen(argv[3 + i], "rb");
    if (!f) { fprintf(stderr, "cannot read %s\n", argv[3 + i]); return 1; }
    fseek(f, 0, SEEK_END);
    size[i] = (unsigned long)ftell(f);
    fseek(f, 0, SEEK_SET);
    data[i] = malloc(size[i]);
    if (fread(data[i], 1, size[i], f) != size[i]) { fprintf(stderr, "short read %s\n", argv[3 + i]); return 1; }
    fclose(f);
  }
  unsigned char *row = NULL;
  size_t rowSize = 0;
  int failed = 0;
  double t0 = cpu_seconds();
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < n; i++) failed += decode(data[i], size[i], mode, &row, &rowSize);
  double cpu = cpu_seconds() - t0;
  printf("{\"mode\":\"%s\",\"photos\":%d,\"reps\":%d,\"failed\":%d,\"cpuSeconds\":%.4f,\"perCpuSecond\":%.1f}\n",
         mode, n, reps, failed, cpu, n * reps / cpu);
  return 0;
}
