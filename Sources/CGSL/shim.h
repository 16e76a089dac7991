// The GSL headers ctxlimits uses. <complex.h> is deliberately not included (see swift-notes §2.1).
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_sf_expint.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_integration.h>

// GSL exposes its solver types as mutable C globals, which Swift 6 refuses to read from
// concurrent code. These accessors return the same (never modified) pointers.
static inline const gsl_root_fsolver_type *ctxlimits_root_fsolver_brent(void) {
    return gsl_root_fsolver_brent;
}
