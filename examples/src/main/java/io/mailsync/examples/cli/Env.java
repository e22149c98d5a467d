package io.mailsync.examples.cli;

import java.util.function.UnaryOperator;

/** Reads secrets from environment variables, never from the command line (where {@code ps} would show them). */
final class Env {

    private Env() {
    }

    /**
     * The value of the variable an option names.
     *
     * @throws CliFailure {@link ExitCode#USAGE} when the option is missing or the variable is unset or empty
     */
    static String require(UnaryOperator<String> env, String variable, String option) {
        if (variable == null || variable.isBlank()) {
            throw new CliFailure(ExitCode.USAGE, option + " is required: the name of an environment variable");
        }
        String value = env.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new CliFailure(ExitCode.USAGE, "the environment variable " + variable + " (" + option
                    + ") is not set");
        }
        return value;
    }
}
