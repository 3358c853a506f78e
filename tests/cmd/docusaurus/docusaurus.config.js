// i18n: { defaultLocale: "fr" } in a comment is not read
module.exports = {
  title: "Example",
  i18n: {
    defaultLocale: "en",
    locales: ["en", "zh-Hans"],
  },
};
