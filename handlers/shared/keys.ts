/**
 * Key layout of the single-table design. Users own `USER#<user-pool sub>` partitions (and may
 * write them with their own credentials); everything else is written only by the platform.
 */
export const CONTROL_PK = "CONTROL";
export const SENTINEL_SK = "HEALTH#SENTINEL";

export const userPk = (sub: string) => `USER#${sub}`;
export const itemSk = (id: string) => `ITEM#${id}`;
export const drainSk = (region: string) => `DRAIN#${region}`;
