import { createHash } from 'node:crypto';
import { HttpError, type Route } from '../httpService';

interface ChargeBody {
  readonly user?: string;
  readonly amountCents?: number;
}

/** Rounds of hashing per charge: stands in for the token signing a card processor does, a few ms of CPU. */
const HASH_ROUNDS = 2_000;

/** Charges: each costs a little CPU; about one in fifty is declined, decided by the charge itself (reproducible). */
export function createPaymentRoutes(): Route[] {
  let charges = 0;
  return [
    {
      method: 'POST',
      path: '/charges',
      handler: ({ body }) => {
        const { user, amountCents } = (body ?? {}) as ChargeBody;
        if (typeof user !== 'string' || typeof amountCents !== 'number' || amountCents <= 0) {
          throw new HttpError(400, 'body must be {"user":"...","amountCents":N} with N > 0');
        }
        let digest = `${user}:${amountCents}:${charges++}`;
        for (let round = 0; round < HASH_ROUNDS; round++) {
          digest = createHash('sha256').update(digest).digest('hex');
        }
        if (parseInt(digest.slice(0, 2), 16) < 5) {
          throw new HttpError(402, 'card declined');
        }
        return { chargeId: `ch_${digest.slice(0, 16)}`, amountCents };
      },
    },
  ];
}
