"""Multiple Systems Estimation of hidden populations: a pure engine (no Django).

Matches the R package SparseMSE 2.0.1 (Chan, Silverman and Vincent 2021): extended-MLE log-linear
fits, the linear-programming existence/identifiability check, stepwise choice by Poisson p-values,
model-conditional and bootstrap (percentile, BCa) intervals; plus AIC/BIC search and a latent-class
second estimator. See docs/mse.md.
"""

from palermo.mse.bootstrap import BootstrapResult, Chooser, bootstrap, quantile_type8
from palermo.mse.estimate import CI_METHODS, Estimate, estimate, parse_terms, sensitivity
from palermo.mse.latent import LatentResult, latent_class
from palermo.mse.model import Fit, Model, check_model, fit_model
from palermo.mse.select import METHODS, ModelNotEstimable, select, stepwise
from palermo.mse.table import CaptureTable, MSEInputError, from_rows, parse_csv, read_csv

__all__ = [
    "CI_METHODS",
    "METHODS",
    "BootstrapResult",
    "CaptureTable",
    "Chooser",
    "Estimate",
    "Fit",
    "LatentResult",
    "MSEInputError",
    "Model",
    "ModelNotEstimable",
    "bootstrap",
    "check_model",
    "estimate",
    "fit_model",
    "from_rows",
    "latent_class",
    "parse_csv",
    "parse_terms",
    "quantile_type8",
    "read_csv",
    "select",
    "sensitivity",
    "stepwise",
]
