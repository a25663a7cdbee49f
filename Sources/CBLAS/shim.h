// The few OpenBLAS entry points LocalisedFlows uses, declared here so the build does not depend on which
// cblas.h the Debian alternatives system selects. Provided by libopenblas-dev.
#ifndef LOCALISEDFLOWS_CBLAS_SHIM_H
#define LOCALISEDFLOWS_CBLAS_SHIM_H

enum { CblasRowMajor = 101, CblasColMajor = 102 };
enum { CblasNoTrans = 111, CblasTrans = 112 };

void cblas_sgemm(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                 const float *B, int ldb, float beta, float *C, int ldc);
void cblas_dgemm(int order, int transA, int transB, int M, int N, int K, double alpha, const double *A, int lda,
                 const double *B, int ldb, double beta, double *C, int ldc);
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);

#endif
