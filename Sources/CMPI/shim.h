// Open MPI (Debian's libopenmpi-dev) for multi-process sweeps and data-parallel training.
// MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are macros over addresses of global objects, which
// Swift cannot import; these inline functions hand them over.
#include <mpi.h>

static inline MPI_Comm lgf_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype lgf_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype lgf_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype lgf_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op lgf_mpi_sum(void) { return MPI_SUM; }
static inline int lgf_mpi_any_source(void) { return MPI_ANY_SOURCE; }
static inline int lgf_mpi_any_tag(void) { return MPI_ANY_TAG; }
static inline MPI_Status *lgf_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Errhandler lgf_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline void *lgf_mpi_in_place(void) { return MPI_IN_PLACE; }
