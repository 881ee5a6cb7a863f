/**
 * Exact, dependency-light statistics for review (reviewer calibration, rubric drift) and release
 * (regression checks): inter-rater {@link io.provenant.stats.Agreement agreement}, label-distribution
 * {@link io.provenant.stats.Divergence divergence}, and confidence intervals for
 * {@link io.provenant.stats.Proportions proportions} and their differences.
 *
 * <p>Plain Java, no CDI: static methods over plain collections, results as records. Invalid input
 * throws {@link java.lang.IllegalArgumentException} with a message naming the argument and the
 * problem; callers wrap it into their own errors. Distributions come from Apache Commons Statistics.
 * Each statistic is tested against a published worked example cited in its test.
 */
package io.provenant.stats;
