/** The sandbox's demo Samsung accounts, shown on its signInGate page, with the profile each one has. */

/** A login id of the account (PROTOCOL §1.5 `userIdentificationVO`); type `003` is an email. */
export interface DemoIdentification {
  loginID: string;
  loginIDTypeCode: string;
}

/** A demo Samsung account of the sandbox: its id, the profile its `UserVO` answers, its region. */
export interface DemoUser {
  /** Samsung user id, in the shape Samsung uses (seed 004: `"userId": "y0zpz..."`). */
  id: string;
  name: string;
  email: string;
  givenName: string;
  familyName: string;
  /** ISO 3166 alpha-3, as the profile answers it. */
  countryCode: string;
  photoUrl: string;
  /**
   * Which region signs this user in: `default` (the sandbox's own port) or `eu` (its second
   * region, on another port, named in the callback's auth_server_url / api_server_url).
   */
  region: 'default' | 'eu';
  /** One or several login ids (the profile's `userIdentificationVO`). */
  identifications: readonly DemoIdentification[];
}

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  Object.freeze({
    id: 'y0zpz1a2b3',
    name: 'Alex Kim',
    email: 'alex.kim@example.com',
    givenName: 'Alex',
    familyName: 'Kim',
    countryCode: 'KOR',
    photoUrl: 'https://img.example.com/profile/alex.png',
    region: 'default' as const,
    // Several identifications: a phone number first, the email second.
    identifications: Object.freeze([
      Object.freeze({ loginID: '+821012345678', loginIDTypeCode: '001' }),
      Object.freeze({ loginID: 'alex.kim@example.com', loginIDTypeCode: '003' }),
    ]),
  }),
  Object.freeze({
    id: 'y0zpz4c5d6',
    name: 'Sam Lee',
    email: 'sam.lee@example.com',
    givenName: 'Sam',
    familyName: 'Lee',
    countryCode: 'USA',
    photoUrl: 'https://img.example.com/profile/sam.png',
    region: 'default' as const,
    // A single identification: one element, not a list.
    identifications: Object.freeze([Object.freeze({ loginID: 'sam.lee@example.com', loginIDTypeCode: '003' })]),
  }),
  Object.freeze({
    id: 'y0zpz7e8f9',
    name: 'Eva Novak',
    email: 'eva.novak@example.com',
    givenName: 'Eva',
    familyName: 'Novak',
    countryCode: 'DEU',
    photoUrl: 'https://img.example.com/profile/eva.png',
    region: 'eu' as const,
    identifications: Object.freeze([Object.freeze({ loginID: 'eva.novak@example.com', loginIDTypeCode: '003' })]),
  }),
]);
