/** Messages between `SignatureVerifier` and its worker threads (`signature-worker.ts`). */

export interface WorkerCheck {
  scheme: 'sr25519' | 'ed25519';
  signature: Uint8Array;
  message: Uint8Array;
  signer: Uint8Array;
}

export interface VerifyRequest {
  id: number;
  checks: WorkerCheck[];
}

export type VerifyReply = { type: 'ready' } | { type: 'result'; id: number; valid: Uint8Array };
