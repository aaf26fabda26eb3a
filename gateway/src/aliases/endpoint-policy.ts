/** The alias-endpoint host policy lives in core (pure, shared with management's deployments). */
export * from '../../../core/contract/endpoint-policy.js';
