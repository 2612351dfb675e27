// Clients the browser tests create in the simulated Yuki: one definition each, so the tests agree on who they are.

/** Bakkerij Jansen as a Yuki domain with its administration (KvK 12345678, Amsterdam), without a mailing address. */
export const bakkerijJansenInYuki = {
  name: 'bakkerij-jansen',
  administration: {
    name: 'Bakkerij Jansen B.V.',
    cocNumber: '12345678',
    emailAddress: 'info@bakkerijjansen.nl',
    phone: '020 123 4567',
    addressLine: 'Dorpsstraat 1',
    postcode: '1011 AB',
    city: 'Amsterdam',
    country: 'NL',
  },
};
