package io.incidentdetector.control;

import io.incidentdetector.event.ControlCommand;

/**
 * A command as read from the control topic, with who signed it.
 *
 * @param keyId     the key that signed it (its {@code by}), or null for an unsigned command
 * @param signature the signature in lower-case hex, or null
 * @param readAt    when it was read, epoch milliseconds: the broker's append time when the topic keeps it, else the
 *                  wall clock (a producer cannot set either)
 */
public record ReceivedCommand(ControlCommand command, String keyId, String signature, long readAt) {

    /** The name commands of this sender are counted under for {@code control.max-commands-per-minute}. */
    public String sender() {
        return keyId == null ? "unsigned" : keyId;
    }
}
