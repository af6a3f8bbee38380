// A ManagementClient for seeds, configured from the same env as the specs.
require('dotenv').config();
const { ManagementClient } = require('authing-node-sdk');

module.exports = function seedClient() {
  return new ManagementClient({
    accessKeyId: process.env.AUTHING_SDK_TEST_ACCESS_KEY_ID,
    accessKeySecret: process.env.AUTHING_SDK_TEST_ACCESS_KEY_SECRET,
    host: process.env.AUTHING_SDK_TEST_HOST,
  });
};
