/** The sandbox's demo Samsung accounts, shown on its signInGate page. */
export interface DemoUser {
  /** Samsung user id, in the shape Samsung uses (seed 004: `"userId": "y0zpz..."`). */
  id: string;
  name: string;
  email: string;
}

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  Object.freeze({ id: 'y0zpz1a2b3', name: 'Alex Kim', email: 'alex.kim@example.com' }),
  Object.freeze({ id: 'y0zpz4c5d6', name: 'Sam Lee', email: 'sam.lee@example.com' }),
]);
