package io.incidentdetector.model;

/**
 * A pair's baseline fitted from its training file inside the job, on its way into the pair's keyed state.
 *
 * @param model   null when the file could not be used
 * @param origin  the training file
 * @param problem why the file could not be used; null when it could
 */
public record TrainedBaseline(String pair, OnlineBaseline model, String origin, String problem) {}
