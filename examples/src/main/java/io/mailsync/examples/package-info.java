/**
 * Runnable programs: {@link io.mailsync.examples.Demo}, the self-contained demo the README's first command runs.
 */
package io.mailsync.examples;
