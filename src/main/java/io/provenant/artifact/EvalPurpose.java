package io.provenant.artifact;

/**
 * Why an eval run was made: a regression safety check of a checkpoint against a reference, or the calibration
 * of a reward model against held-out human preferences (without one, optimizing against the reward model is a
 * proxy-reward risk: seed 002).
 */
public enum EvalPurpose {
    REGRESSION, REWARD_MODEL_CALIBRATION
}
