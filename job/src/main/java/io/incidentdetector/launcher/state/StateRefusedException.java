package io.incidentdetector.launcher.state;

/** The launcher does not start with the kept state as it is; the message says why and how to go on. */
public class StateRefusedException extends RuntimeException {

    public StateRefusedException(String message) {
        super(message);
    }
}
