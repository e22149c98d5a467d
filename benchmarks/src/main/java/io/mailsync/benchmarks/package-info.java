/**
 * Benchmarks. Each program prints its figures; run one with
 * {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=<ProgramName>}.
 */
package io.mailsync.benchmarks;
