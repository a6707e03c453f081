public enum ETOSFrontendPlaceholder {}
