/** The password of every demo login in tests (HEALTHWATCH_DEMO_PASSWORD when the demo is built). */
export const DEMO_PASSWORD = 'Demo-pass-2024';
