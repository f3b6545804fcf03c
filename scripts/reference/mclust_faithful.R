# Reference numbers for lib/test/mixture/select.test.ts (mlem's selectGaussianMixture).
#
# Run with R 4.2.2 (Debian 12 r-base-core) and mclust 6.0.0 (r-cran-mclust):
#     Rscript scripts/reference/mclust_faithful.R > lib/test/mixture/mclust-faithful.json
# Prints one JSON object (17 significant digits).
#
# mclust::mclustBIC on data/faithful.csv (R's datasets::faithful: eruptions, waiting), K = 1..9, for
# the four covariance structures mclust shares with mlem:
#   VII = mlem "spherical" (one variance per component), VVI = "diag" (a diagonal per component),
#   EEE = "tied" (one full covariance), VVV = "full" (a full covariance per component).
# mclust's BIC is 2ℓ − p log n (higher is better); mlem's bic is −2ℓ + p log n (lower is better), so
# mclust's = −mlem's. mclust starts EM from model-based hierarchical agglomeration, mlem from
# k-means++ restarts, so the two may end in different local maxima: the log-likelihood of each of
# mclust's fits is printed too, to tell a different optimum from a different BIC formula.
suppressMessages(library(mclust))
args <- commandArgs(FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
faithful <- read.csv(file.path(here, "..", "..", "data", "faithful.csv"))

models <- c("VII", "VVI", "EEE", "VVV")
mlem <- c(VII = "spherical", VVI = "diag", EEE = "tied", VVV = "full")
# A tight EM tolerance (mclust's default relative tolerance is 1e-5), so that a shared optimum agrees
# to many digits; the ranking is the same at the default.
ctl <- emControl(tol = c(1e-12, sqrt(.Machine$double.eps)))
bic <- mclustBIC(faithful, G = 1:9, modelNames = models, control = ctl)
fmt <- function(x) if (is.na(x)) "null" else formatC(x, digits = 17, format = "g")
rows <- c()
for (m in models) for (g in 1:9) {
  b <- bic[as.character(g), m]
  ll <- "null"; p <- "null"
  if (!is.na(b)) {
    s <- summary(bic, faithful, G = g, modelNames = m)
    fit <- mclustModel(faithful, bic, G = g, modelNames = m)
    ll <- fmt(fit$loglik)
    p <- nMclustParams(m, d = 2, G = g)
  }
  rows <- c(rows, sprintf("{\"k\": %d, \"mclust\": \"%s\", \"covarianceType\": \"%s\", \"bic\": %s, \"logLikelihood\": %s, \"nParameters\": %s}", g, m, mlem[[m]], fmt(b), ll, p))
}
top <- summary(bic, faithful)
cat(sprintf("{\n\"mclust\": \"%s\", \"R\": \"%s\", \"n\": %d,\n\"best\": {\"mclust\": \"%s\", \"k\": %d},\n\"table\": [\n%s\n]}\n",
  packageVersion("mclust"), paste(R.version$major, R.version$minor, sep = "."), nrow(faithful),
  top$modelName, top$G, paste(rows, collapse = ",\n")))
