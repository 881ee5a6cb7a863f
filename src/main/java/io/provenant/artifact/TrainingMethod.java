package io.provenant.artifact;

/** The kind of training intervention a run applies. */
public enum TrainingMethod {
    SFT, REWARD_MODEL, RL, DPO, ADAPTER_REFRESH
}
