package io.incidentdetector.sink.alertmanager;

/** How one POST to Alertmanager ended. */
record PostResult(Outcome outcome, String detail) {

    enum Outcome {
        /** 2xx: Alertmanager holds the alerts. */
        ACCEPTED,
        /** 4xx: Alertmanager refused them; sending the same again would not help. */
        REFUSED,
        /** Not reached, timed out, or 5xx: worth retrying. */
        FAILED
    }

    static PostResult accepted() {
        return new PostResult(Outcome.ACCEPTED, "");
    }

    static PostResult refused(String detail) {
        return new PostResult(Outcome.REFUSED, detail);
    }

    static PostResult failed(String detail) {
        return new PostResult(Outcome.FAILED, detail);
    }
}
