# Reference numbers for lib/test/regression/mixture.test.ts (mlem's fitMixtureOfRegressions).
#
# Run with R 4.2.2 (Debian 12 r-base-core) and mixtools 2.0.0 (r-cran-mixtools):
#     Rscript scripts/reference/regmix_tonedata_mixtools.R > /tmp/regmix_reference.json
# Prints one JSON object (17 significant digits); the test pastes these numbers.
#
# mixtools::regmixEM on data/tonedata.csv (tuned ~ stretch_ratio, two components, intercept added,
# a slope, intercept and sigma per component), from fixed starting values, so that mlem can start
# from the same place:
#   start A: lambda = (0.5, 0.5), beta = [(1.9, 0), (0, 1)] (a flat line near 1.9; the identity), sigma = (0.1, 0.1)
#   start B: lambda = (0.3, 0.7), beta = [(0, 1), (2, 0)], sigma = (0.2, 0.05)
# each run twice: with regmixEM's default epsilon = 1e-8 (stop when the log-likelihood gains ≤ 1e-8)
# and with epsilon = 1e-12. The script stops if mixtools restarted from random values (it does so
# when the log-likelihood decreases), so every number below comes from the stated start.
suppressMessages(library(mixtools))
args <- commandArgs(FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
tone <- read.csv(file.path(here, "..", "..", "data", "tonedata.csv"))

num <- function(v) paste0("[", paste(formatC(as.numeric(v), digits = 17, format = "g"), collapse = ", "), "]")
run <- function(start, eps) {
  out <- capture.output(fit <- regmixEM(tone$tuned, tone$stretch_ratio, lambda = start$lambda, beta = start$beta,
                                        sigma = start$sigma, epsilon = eps, maxit = 100000))
  if (fit$restarts != 0) stop("regmixEM restarted from random values: the numbers would not come from the stated start")
  iters <- length(fit$all.loglik) - 1
  # Component order is that of the start (arbmean = TRUE keeps it).
  paste0("{\"epsilon\": ", eps, ", \"iterations\": ", iters,
         ", \"loglik\": ", formatC(fit$loglik, digits = 17, format = "g"),
         ", \"lambda\": ", num(fit$lambda),
         ", \"beta\": [", num(fit$beta[, 1]), ", ", num(fit$beta[, 2]), "]",
         ", \"sigma\": ", num(fit$sigma),
         ", \"posterior_head\": [", paste(apply(fit$posterior[1:5, ], 1, num), collapse = ", "), "]",
         ", \"loglik_path_head\": ", num(fit$all.loglik[1:6]), "}")
}
startA <- list(lambda = c(0.5, 0.5), beta = matrix(c(1.9, 0, 0, 1), 2, 2), sigma = c(0.1, 0.1))
startB <- list(lambda = c(0.3, 0.7), beta = matrix(c(0, 1, 2, 0), 2, 2), sigma = c(0.2, 0.05))
cat("{\n \"versions\": {\"R\": \"", R.version$major, ".", R.version$minor, "\", \"mixtools\": \"", as.character(packageVersion("mixtools")), "\"},\n", sep = "")
cat(" \"startA_default\": ", run(startA, 1e-8), ",\n", sep = "")
cat(" \"startA_tight\": ", run(startA, 1e-12), ",\n", sep = "")
cat(" \"startB_default\": ", run(startB, 1e-8), ",\n", sep = "")
cat(" \"startB_tight\": ", run(startB, 1e-12), "\n}\n", sep = "")
